;; IIR kernels of the analysis, in WebAssembly SIMD (f64x2): the two lanes run two independent
;; recursions at once. Built to iir-wasm.ts by build-wasm.mjs (wabt's wat2wasm). Each function
;; reproduces the JavaScript loop it replaces operation for operation (same IEEE-754 double
;; operations in the same order), so results are bit-identical to it.
;;
;; Memory layout is up to the caller: every pointer is a byte offset into this module's memory.
(module
  ;; 41 pages (2.6 MB): all the scratch space iir.ts uses, allocated up front. The memory must never
  ;; grow: growing detaches its old ArrayBuffer, and one detach anywhere in the isolate makes V8
  ;; check for detachment on every typed-array access from then on (measured: JS loops ~1.6x slower).
  (memory (export "memory") 41)

  ;; K-weighting of BS.1770 on two channels (lane 0 = channel at $l, lane 1 = channel at $r):
  ;; high shelf then high pass, each a biquad in direct form I with the feedback term of the
  ;; previous output added last (the loop-carried chain is one multiply and one subtract), and
  ;; the sum of squares of the output per segment of $seg samples, for $nseg segments.
  ;; $co: 10 f64 (b0 b1 b2 a1 a2 of the shelf, then of the high pass).
  ;; $st: 6 v128 of state (x1 x2 of the input, y1 y2 of the shelf, z1 z2 of the high pass).
  ;; $out: $nseg v128, the two channels' energies of each segment.
  (func (export "kweight2")
    (param $l i32) (param $r i32) (param $seg i32) (param $nseg i32)
    (param $co i32) (param $st i32) (param $out i32)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $a1 v128) (local $a2 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $d1 v128) (local $d2 v128)
    (local $x1 v128) (local $x2 v128) (local $y1 v128) (local $y2 v128) (local $z1 v128) (local $z2 v128)
    (local $x v128) (local $y v128) (local $z v128) (local $acc v128)
    (local $i i32) (local $end i32) (local $k i32)
    (local.set $b0 (f64x2.splat (f64.load offset=0 (local.get $co))))
    (local.set $b1 (f64x2.splat (f64.load offset=8 (local.get $co))))
    (local.set $b2 (f64x2.splat (f64.load offset=16 (local.get $co))))
    (local.set $a1 (f64x2.splat (f64.load offset=24 (local.get $co))))
    (local.set $a2 (f64x2.splat (f64.load offset=32 (local.get $co))))
    (local.set $c0 (f64x2.splat (f64.load offset=40 (local.get $co))))
    (local.set $c1 (f64x2.splat (f64.load offset=48 (local.get $co))))
    (local.set $c2 (f64x2.splat (f64.load offset=56 (local.get $co))))
    (local.set $d1 (f64x2.splat (f64.load offset=64 (local.get $co))))
    (local.set $d2 (f64x2.splat (f64.load offset=72 (local.get $co))))
    (local.set $x1 (v128.load offset=0 (local.get $st)))
    (local.set $x2 (v128.load offset=16 (local.get $st)))
    (local.set $y1 (v128.load offset=32 (local.get $st)))
    (local.set $y2 (v128.load offset=48 (local.get $st)))
    (local.set $z1 (v128.load offset=64 (local.get $st)))
    (local.set $z2 (v128.load offset=80 (local.get $st)))
    (local.set $i (i32.const 0))
    (local.set $k (i32.const 0))
    (block $done
      (loop $segs
        (br_if $done (i32.ge_u (local.get $k) (local.get $nseg)))
        (local.set $acc (f64x2.splat (f64.const 0)))
        (local.set $end (i32.add (local.get $i) (local.get $seg)))
        (block $segdone
          (loop $samples
            (br_if $segdone (i32.ge_u (local.get $i) (local.get $end)))
            ;; x = (l[i], r[i]) as doubles
            (local.set $x
              (f64x2.replace_lane 1
                (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $l) (i32.shl (local.get $i) (i32.const 2))))))
                (f64.promote_f32 (f32.load (i32.add (local.get $r) (i32.shl (local.get $i) (i32.const 2)))))))
            ;; y = (((b0 x + b1 x1) + b2 x2) − a2 y2) − a1 y1
            (local.set $y (f64x2.sub
              (f64x2.sub
                (f64x2.add
                  (f64x2.add (f64x2.mul (local.get $b0) (local.get $x)) (f64x2.mul (local.get $b1) (local.get $x1)))
                  (f64x2.mul (local.get $b2) (local.get $x2)))
                (f64x2.mul (local.get $a2) (local.get $y2)))
              (f64x2.mul (local.get $a1) (local.get $y1))))
            ;; z = (((c0 y + c1 y1) + c2 y2) − d2 z2) − d1 z1
            (local.set $z (f64x2.sub
              (f64x2.sub
                (f64x2.add
                  (f64x2.add (f64x2.mul (local.get $c0) (local.get $y)) (f64x2.mul (local.get $c1) (local.get $y1)))
                  (f64x2.mul (local.get $c2) (local.get $y2)))
                (f64x2.mul (local.get $d2) (local.get $z2)))
              (f64x2.mul (local.get $d1) (local.get $z1))))
            (local.set $x2 (local.get $x1)) (local.set $x1 (local.get $x))
            (local.set $y2 (local.get $y1)) (local.set $y1 (local.get $y))
            (local.set $z2 (local.get $z1)) (local.set $z1 (local.get $z))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $z) (local.get $z))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $samples)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 4))) (local.get $acc))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $segs)))
    (v128.store offset=0 (local.get $st) (local.get $x1))
    (v128.store offset=16 (local.get $st) (local.get $x2))
    (v128.store offset=32 (local.get $st) (local.get $y1))
    (v128.store offset=48 (local.get $st) (local.get $y2))
    (v128.store offset=64 (local.get $st) (local.get $z1))
    (v128.store offset=80 (local.get $st) (local.get $z2)))

  ;; Halfband 2:1 decimation of the mean of the channels at $l and $r (pass the same pointer
  ;; twice for one channel): $m outputs (f32) at $out from 2·$m inputs. Two-path polyphase IIR
  ;; allpass halfband: lane 0 = even inputs through coefficients c1 c3 c5 c7, lane 1 = odd inputs
  ;; through c0 c2 c4 c6; output = ½ (lane 0 + lane 1) of the last section.
  ;; $co: 4 v128 = (c1, c0), (c3, c2), (c5, c4), (c7, c6).
  ;; $st: 8 v128 of state (x and y of the four sections), read and written back.
  (func (export "halfband2")
    (param $l i32) (param $r i32) (param $m i32) (param $co i32) (param $st i32) (param $out i32)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)
    (local $u v128) (local $t v128) (local $half v128) (local $j i32) (local $off i32)
    (local.set $k0 (v128.load offset=0 (local.get $co)))
    (local.set $k1 (v128.load offset=16 (local.get $co)))
    (local.set $k2 (v128.load offset=32 (local.get $co)))
    (local.set $k3 (v128.load offset=48 (local.get $co)))
    (local.set $x0 (v128.load offset=0 (local.get $st)))
    (local.set $x1 (v128.load offset=16 (local.get $st)))
    (local.set $x2 (v128.load offset=32 (local.get $st)))
    (local.set $x3 (v128.load offset=48 (local.get $st)))
    (local.set $y0 (v128.load offset=64 (local.get $st)))
    (local.set $y1 (v128.load offset=80 (local.get $st)))
    (local.set $y2 (v128.load offset=96 (local.get $st)))
    (local.set $y3 (v128.load offset=112 (local.get $st)))
    (local.set $half (f64x2.splat (f64.const 0.5)))
    (local.set $j (i32.const 0))
    (block $done
      (loop $outs
        (br_if $done (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $off (i32.shl (local.get $j) (i32.const 3)))
        ;; u = ½ ((l[2j], l[2j+1]) + (r[2j], r[2j+1]))
        (local.set $u (f64x2.mul (local.get $half)
          (f64x2.add
            (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $l) (local.get $off))))
            (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $r) (local.get $off)))))))
        ;; four allpass sections: t = (u − y) k + x; x = u; y = t; u = t
        (local.set $t (f64x2.add (f64x2.mul (f64x2.sub (local.get $u) (local.get $y0)) (local.get $k0)) (local.get $x0)))
        (local.set $x0 (local.get $u)) (local.set $y0 (local.get $t)) (local.set $u (local.get $t))
        (local.set $t (f64x2.add (f64x2.mul (f64x2.sub (local.get $u) (local.get $y1)) (local.get $k1)) (local.get $x1)))
        (local.set $x1 (local.get $u)) (local.set $y1 (local.get $t)) (local.set $u (local.get $t))
        (local.set $t (f64x2.add (f64x2.mul (f64x2.sub (local.get $u) (local.get $y2)) (local.get $k2)) (local.get $x2)))
        (local.set $x2 (local.get $u)) (local.set $y2 (local.get $t)) (local.set $u (local.get $t))
        (local.set $t (f64x2.add (f64x2.mul (f64x2.sub (local.get $u) (local.get $y3)) (local.get $k3)) (local.get $x3)))
        (local.set $x3 (local.get $u)) (local.set $y3 (local.get $t))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
          (f32.demote_f64 (f64.mul (f64.const 0.5)
            (f64.add (f64x2.extract_lane 1 (local.get $t)) (f64x2.extract_lane 0 (local.get $t))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $outs)))
    (v128.store offset=0 (local.get $st) (local.get $x0))
    (v128.store offset=16 (local.get $st) (local.get $x1))
    (v128.store offset=32 (local.get $st) (local.get $x2))
    (v128.store offset=48 (local.get $st) (local.get $x3))
    (v128.store offset=64 (local.get $st) (local.get $y0))
    (v128.store offset=80 (local.get $st) (local.get $y1))
    (v128.store offset=96 (local.get $st) (local.get $y2))
    (v128.store offset=112 (local.get $st) (local.get $y3)))
)
