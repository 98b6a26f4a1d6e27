;; Skips non-blank lines at SIMD speed, for the line scanner's fast path: finding line one
;; million of a list should cost little more than reading the file.
;;
;; skip(start, end, want) scans memory [start, end) and stops just past the newline that ends
;; the want-th non-blank line, returning that offset (or end when fewer end there). Across
;; calls the globals carry the state: $items non-blank lines ended, $lines newlines seen,
;; $content whether the line in progress has a byte other than space, tab or CR, $line_start
;; the offset just past the last newline.
(module
  (memory (export "memory") 5)
  (global $items (export "items") (mut i32) (i32.const 0))
  (global $lines (export "lines") (mut i32) (i32.const 0))
  (global $content (export "content") (mut i32) (i32.const 0))
  (global $line_start (export "line_start") (mut i32) (i32.const 0))

  (func (export "reset")
    (global.set $items (i32.const 0))
    (global.set $lines (i32.const 0))
    (global.set $content (i32.const 0))
    (global.set $line_start (i32.const 0)))

  ;; A newline at offset $at ends a line: count it; returns 1 when that was the want-th item.
  (func $newline (param $at i32) (param $had_content i32) (param $want i32) (result i32)
    (global.set $lines (i32.add (global.get $lines) (i32.const 1)))
    (global.set $content (i32.const 0))
    (global.set $line_start (i32.add (local.get $at) (i32.const 1)))
    (if (local.get $had_content)
      (then
        (global.set $items (i32.add (global.get $items) (i32.const 1)))
        (return (i32.ge_u (global.get $items) (local.get $want)))))
    (i32.const 0))

;; Lanes of $v that are space, tab, CR or LF. The swizzle looks bytes below 16 up in a table
  ;; marking 9, 10 and 13; it gives 0 for all others.
  (func $space (param $v v128) (result v128)
    (v128.or
      (i8x16.swizzle (v128.const i8x16 0 0 0 0 0 0 0 0 0 -1 -1 0 0 -1 0 0) (local.get $v))
      (i8x16.eq (local.get $v) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32))))

  ;; Blocks are 64 bytes, as four vectors whose masks join into one i64. Bytes above space are
  ;; surely text, and cost one compare: a block whose every newline follows one (or one then a
  ;; CR) ends only non-blank lines, and its newlines are counted at once. The exact text mask
  ;; (control bytes are text too) is worked out only where that is not enough: for any other
  ;; block, the one holding the want-th item, or a line in progress with no such byte yet.
  (func (export "skip") (param $start i32) (param $end i32) (param $want i32) (result i32)
    (local $i i32) (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $nl i64) (local $vis i64) (local $prev_vis i64) (local $text i64) (local $cr i64)
    (local $last_vis i64) (local $last_cr i64) (local $simple i32)
    (local $n i32) (local $p i32) (local $seg i32) (local $byte i32)
    (local.set $i (local.get $start))
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.gt_s (i32.add (local.get $i) (i32.const 64)) (local.get $end)))
        (local.set $a (v128.load (local.get $i)))
        (local.set $b (v128.load offset=16 (local.get $i)))
        (local.set $c (v128.load offset=32 (local.get $i)))
        (local.set $d (v128.load offset=48 (local.get $i)))
        (local.set $nl (i64.or (i64.or (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $a) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10)))) (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $b) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10)))) (i64.const 16))) (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $c) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10)))) (i64.const 32)) (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $d) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10)))) (i64.const 48)))))
        (local.set $vis (i64.or (i64.or (i64.extend_i32_u (i8x16.bitmask (i8x16.gt_u (local.get $a) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))) (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.gt_u (local.get $b) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))) (i64.const 16))) (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.gt_u (local.get $c) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))) (i64.const 32)) (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.gt_u (local.get $d) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))) (i64.const 48)))))
        (local.set $prev_vis
          (i64.or (i64.shl (local.get $vis) (i64.const 1)) (i64.shr_u (local.get $last_vis) (i64.const 63))))
        (local.set $simple (i64.eqz (i64.and (local.get $nl) (i64.xor (local.get $prev_vis) (i64.const -1)))))
        (if (i32.eqz (local.get $simple))
          (then
            ;; CRLF: a newline after a CR after a byte above space ends a non-blank line too.
            (local.set $cr (i64.or (i64.or (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $a) (v128.const i8x16 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13)))) (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $b) (v128.const i8x16 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13)))) (i64.const 16))) (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $c) (v128.const i8x16 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13)))) (i64.const 32)) (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $d) (v128.const i8x16 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13)))) (i64.const 48)))))
            (local.set $simple
              (i64.eqz
                (i64.and (local.get $nl)
                  (i64.xor (i64.const -1)
                    (i64.or (local.get $prev_vis)
                      (i64.and
                        (i64.or (i64.shl (local.get $cr) (i64.const 1)) (local.get $last_cr))
                        (i64.or (i64.shl (local.get $vis) (i64.const 2))
                                (i64.shr_u (local.get $last_vis) (i64.const 62)))))))))))
        (local.set $n (i32.wrap_i64 (i64.popcnt (local.get $nl))))
        (if (i32.and (local.get $simple)
                     (i32.lt_u (i32.add (global.get $items) (local.get $n)) (local.get $want)))
          (then
            (if (local.get $n)
              (then
                (global.set $items (i32.add (global.get $items) (local.get $n)))
                (global.set $lines (i32.add (global.get $lines) (local.get $n)))
                (local.set $p (i32.wrap_i64 (i64.sub (i64.const 63) (i64.clz (local.get $nl)))))
                (global.set $line_start (i32.add (i32.add (local.get $i) (local.get $p)) (i32.const 1)))
                ;; Two shifts, because one by 64 would shift by nothing.
                (global.set $content
                  (i64.ne (i64.shr_u (i64.shr_u (local.get $vis) (i64.extend_i32_u (local.get $p))) (i64.const 1))
                          (i64.const 0)))
                (if (i32.and (i32.eqz (global.get $content)) (i32.lt_u (local.get $p) (i32.const 63)))
                  (then
                    (local.set $text (i64.xor (i64.const -1) (i64.or (i64.or (i64.extend_i32_u (i8x16.bitmask (call $space (local.get $a)))) (i64.shl (i64.extend_i32_u (i8x16.bitmask (call $space (local.get $b)))) (i64.const 16))) (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (call $space (local.get $c)))) (i64.const 32)) (i64.shl (i64.extend_i32_u (i8x16.bitmask (call $space (local.get $d)))) (i64.const 48))))))
                    (global.set $content
                      (i64.ne (i64.shr_u (i64.shr_u (local.get $text) (i64.extend_i32_u (local.get $p))) (i64.const 1))
                              (i64.const 0))))))
              (else
                (if (i32.eqz (global.get $content))
                  (then
                    (global.set $content (i64.ne (local.get $vis) (i64.const 0)))
                    (if (i32.eqz (global.get $content))
                      (then
                        (global.set $content
                          (i64.ne (i64.xor (i64.const -1) (i64.or (i64.or (i64.extend_i32_u (i8x16.bitmask (call $space (local.get $a)))) (i64.shl (i64.extend_i32_u (i8x16.bitmask (call $space (local.get $b)))) (i64.const 16))) (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (call $space (local.get $c)))) (i64.const 32)) (i64.shl (i64.extend_i32_u (i8x16.bitmask (call $space (local.get $d)))) (i64.const 48))))) (i64.const 0))))))))))
          (else
            (local.set $text (i64.xor (i64.const -1) (i64.or (i64.or (i64.extend_i32_u (i8x16.bitmask (call $space (local.get $a)))) (i64.shl (i64.extend_i32_u (i8x16.bitmask (call $space (local.get $b)))) (i64.const 16))) (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (call $space (local.get $c)))) (i64.const 32)) (i64.shl (i64.extend_i32_u (i8x16.bitmask (call $space (local.get $d)))) (i64.const 48))))))
            (local.set $seg (i32.const 0))
            (block $newlines_done
              (loop $each_newline
                (br_if $newlines_done (i64.eqz (local.get $nl)))
                (local.set $p (i32.wrap_i64 (i64.ctz (local.get $nl))))
                ;; The line had content if it had some before this block, or text in bits [seg, p).
                (if (call $newline
                      (i32.add (local.get $i) (local.get $p))
                      (i32.or (global.get $content)
                        (i64.ne (i64.and (local.get $text)
                                  (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (local.get $p)))
                                           (i64.shl (i64.const 1) (i64.extend_i32_u (local.get $seg)))))
                                (i64.const 0)))
                      (local.get $want))
                  (then (return (i32.add (i32.add (local.get $i) (local.get $p)) (i32.const 1)))))
                (local.set $seg (i32.add (local.get $p) (i32.const 1)))
                (local.set $nl (i64.and (local.get $nl) (i64.sub (local.get $nl) (i64.const 1))))
                (br $each_newline)))
            ;; Text after the block's last newline belongs to the line in progress.
            (if (i32.and (i32.lt_u (local.get $seg) (i32.const 64))
                         (i64.ne (i64.shr_u (local.get $text) (i64.extend_i32_u (local.get $seg))) (i64.const 0)))
              (then (global.set $content (i32.const 1))))))
        (local.set $last_vis (local.get $vis))
        (local.set $last_cr (i64.extend_i32_u (i32.eq (i32.load8_u offset=63 (local.get $i)) (i32.const 13))))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $block)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $byte (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $byte) (i32.const 10))
          (then
            (if (call $newline (local.get $i) (global.get $content) (local.get $want))
              (then (return (i32.add (local.get $i) (i32.const 1))))))
          (else
            (if (i32.and (i32.and (i32.ne (local.get $byte) (i32.const 32)) (i32.ne (local.get $byte) (i32.const 9)))
                         (i32.ne (local.get $byte) (i32.const 13)))
              (then (global.set $content (i32.const 1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (local.get $end))
)
