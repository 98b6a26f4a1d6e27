#!/bin/sh
# The render farm, locally: Blender renders 24 frames of a scene built by script, 6 frames per
# index (--frames 1-24 --chunk 6), 2 indexes at a time under `ixjob run`; ffmpeg then joins the
# frames into an animated GIF and a contact sheet. The frames outlive the run, as on a cluster's
# volume: running it again, each chunk renders only its frames that are missing or damaged.
set -eu
cd "$(dirname "$0")"
# ixjob through npm: the project's node_modules/.bin, with its own Node first on the PATH.
ixjob() { npm exec --no -- ixjob "$@"; }
mkdir -p out
# The scene is made by make-scene.py (nothing binary is committed), again when it changes.
if ! [ out/scene.blend -nt make-scene.py ]; then
  blender -b --factory-startup --python-exit-code 1 --python make-scene.py -- out/scene.blend \
    >out/make-scene.log 2>&1 || { cat out/make-scene.log >&2; exit 1; }
fi
# --checkpoint-dir: the frames live in out/checkpoints/render-farm, which --force keeps.
ixjob run --name render-farm --force --checkpoint-dir out/checkpoints --parallelism 2 \
  --frames 1-24 --chunk 6 \
  -- sh render-chunk.sh out/scene.blend
frames=out/checkpoints/render-farm/frames
ffmpeg -v error -y -framerate 12 -i "$frames/frame_%04d.png" \
  -vf 'split[a][b];[a]palettegen[p];[b][p]paletteuse' -loop 0 out/render-farm.gif
ffmpeg -v error -y -i "$frames/frame_%04d.png" -vf tile=6x4 -frames:v 1 -update 1 out/contact-sheet.png
echo "frames:        $PWD/$frames"
echo "animation:     $PWD/out/render-farm.gif"
echo "contact sheet: $PWD/out/contact-sheet.png"
