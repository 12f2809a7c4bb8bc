;; Hann-windowed STFT magnitudes (audio/stft.ts) for a block of frames: one bin per f64x2 as
;; (re, im), two bins per iteration (their squares regrouped so that one f64x2.sqrt serves both).
;; Each frame's spectrum sits at `in` as n + 4 floats: X[k] = (re, im) at float 2k for
;; k = 0 … n/2 + 1, with X[0] = (DC, 0), X[n/2] = (Nyquist, 0), X[n/2 + 1] = (0, 0) (the caller
;; lays it out so). For k = 1 … n/2 − 1 the kernel stores, as f32 at out float k,
;;   |X_w[k]| = sqrt(re² + im²), re = ½·Re X[k] − ¼·(Re X[k−1] + Re X[k+1]), im likewise,
;; in f64 with the same operations in the same order as hannMagnitudes (bit-identical). Bin n/2's
;; slot receives a value the caller overwrites, bin 0's is left alone. Frames step by n + 4 floats
;; in `in` and by n/2 + 1 floats in `out`. Memory: 3 MiB, never grown (the caller keeps its views).
(module
  (memory (export "memory") 48 48)
  (func (export "hann") (param $in i32) (param $out i32) (param $n i32) (param $frames i32)
    (local $f i32) (local $p i32) (local $q i32) (local $end i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $t v128) (local $u v128)
    (local $c05 v128) (local $c025 v128)
    (local.set $c05 (f64x2.splat (f64.const 0.5)))
    (local.set $c025 (f64x2.splat (f64.const 0.25)))
    (block $done
      (loop $frame
        (br_if $done (i32.ge_s (local.get $f) (local.get $frames)))
        ;; One bin per f64x2 as (re, im); a, b = X[k−1], X[k]; p = &X[k+1]; q = &out[k].
        (local.set $a (f64x2.promote_low_f32x4 (v128.load64_zero align=4 (local.get $in))))
        (local.set $b (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 align=4 (local.get $in))))
        (local.set $p (i32.add (local.get $in) (i32.const 16)))
        (local.set $q (i32.add (local.get $out) (i32.const 4)))
        ;; The last pair is k = n/2 − 1, n/2 (p = &X[n/2]; bin n/2's value is overwritten by the caller).
        (local.set $end (i32.add (local.get $in) (i32.shl (local.get $n) (i32.const 2))))
        (block $bins_done
          (loop $bins
            (br_if $bins_done (i32.gt_u (local.get $p) (local.get $end)))
            (local.set $c (f64x2.promote_low_f32x4 (v128.load64_zero align=4 (local.get $p))))
            (local.set $d (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 align=4 (local.get $p))))
            ;; (re, im) of bins k and k+1: 0.5·X[k] − 0.25·(X[k−1] + X[k+1]), squared
            (local.set $t (f64x2.sub (f64x2.mul (local.get $c05) (local.get $b))
                                     (f64x2.mul (local.get $c025) (f64x2.add (local.get $a) (local.get $c)))))
            (local.set $u (f64x2.sub (f64x2.mul (local.get $c05) (local.get $c))
                                     (f64x2.mul (local.get $c025) (f64x2.add (local.get $b) (local.get $d)))))
            (local.set $t (f64x2.mul (local.get $t) (local.get $t)))
            (local.set $u (f64x2.mul (local.get $u) (local.get $u)))
            ;; (re² + im²) of both bins, sqrt, to f32
            (v128.store64_lane align=4 0 (local.get $q)
              (f32x4.demote_f64x2_zero
                (f64x2.sqrt
                  (f64x2.add
                    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t) (local.get $u))
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t) (local.get $u))))))
            (local.set $a (local.get $c))
            (local.set $b (local.get $d))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $bins)))
        (local.set $in (i32.add (local.get $in) (i32.shl (i32.add (local.get $n) (i32.const 4)) (i32.const 2))))
        (local.set $out (i32.add (local.get $out) (i32.shl (i32.add (i32.shr_u (local.get $n) (i32.const 1)) (i32.const 1)) (i32.const 2))))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br $frame)))))
