#!/bin/sh
# One index of the render farm: renders the frames of its chunk (FRAME_LIST, from ixjob --frames)
# that are missing or damaged into $IXJOB_CHECKPOINT_DIR/frames, which outlives the attempt, so
# a retried or resumed chunk renders only what the last attempt did not finish.
#   usage: ixjob --frames 1-24 --chunk 6 -- sh render-chunk.sh SCENE.blend
set -eu
scene=$1
frames="${IXJOB_CHECKPOINT_DIR:?no checkpoint directory: run under ixjob run, or mount one}/frames"
mkdir -p "$frames"

# The file Blender writes for a frame: -o DIR/frame_#### pads it to four digits.
file_of() { printf '%s/frame_%04d.png' "$frames" "$1"; }

# A PNG is whole when it starts with PNG's signature and ends with its IEND chunk: a write cut
# short (a killed attempt, a full disk) misses the end.
whole() {
  [ -f "$1" ] &&
    [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
    [ "$(tail -c 12 "$1" | od -An -tx1 | tr -d ' \n')" = 0000000049454e44ae426082 ]
}

# The chunk's frames that are not whole: `missing` one by one, `todo` as a Blender -f list with
# runs collapsed (`3,7..10`, as FRAME_LIST is written).
missing='' todo='' first='' last=''
flush() {
  [ -n "$first" ] || return 0
  if [ "$last" -gt "$first" ]; then todo="$todo${todo:+,}$first..$last"; else todo="$todo${todo:+,}$first"; fi
}
for part in $(printf '%s' "${FRAME_LIST:?empty or unset: run under ixjob --frames, with frames from 0 up}" | tr , ' '); do
  frame=${part%..*}
  while [ "$frame" -le "${part#*..}" ]; do
    if ! whole "$(file_of "$frame")"; then
      missing="$missing $frame"
      if [ -n "$last" ] && [ "$frame" -eq $((last + 1)) ]; then last=$frame; else flush; first=$frame last=$frame; fi
    fi
    frame=$((frame + 1))
  done
done
flush

if [ -z "$todo" ]; then
  echo "index $IXJOB_INDEX: frames $FRAMES are all rendered"
  exit 0
fi
echo "index $IXJOB_INDEX: rendering frames $todo of $FRAMES"
# In the background, so SIGTERM reaches Blender even when this shell is a container's PID 1.
blender -b --factory-startup "$scene" -o "$frames/frame_####" -f "$todo" &
blender=$!
trap 'kill -TERM "$blender" 2>/dev/null' TERM INT
# A signal cuts wait short while Blender still runs: wait again until it has exited.
while :; do
  status=0
  wait "$blender" || status=$?
  kill -0 "$blender" 2>/dev/null || break
done
[ "$status" -eq 0 ] || exit "$status"

# Blender exits 0 even when it cannot read the scene or write a frame: check what it wrote.
for frame in $missing; do
  whole "$(file_of "$frame")" || {
    echo "index $IXJOB_INDEX: Blender did not write frame $frame ($(file_of "$frame"))" >&2
    exit 1
  }
done
