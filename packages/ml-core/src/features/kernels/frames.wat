;; Per-frame descriptor loop of features/descriptors.ts in WebAssembly SIMD (f64x2). Built to
;; frames-wasm.ts by audio/kernels/build-wasm.mjs (wabt's wat2wasm).
;;
;; The two lanes of every f64x2 are two consecutive STFT frames (a "pair"): each lane runs the
;; JavaScript loop of its own frame with the same IEEE-754 double operations in the same order
;; (every sum over bins or bands in bin/band order, the mel sums in the same two interleaved
;; partial sums), so results are bit-identical to the JavaScript it replaces; the natural log is
;; fdlibm's __ieee754_log (the algorithm of V8's Math.log) evaluated on both lanes at once. The
;; steady-partial tracking ($partials) runs frame after frame (its state carries from one frame to
;; the next) with two bins per f64x2 instead. The band densities keep their own logarithm:
;; ln(mean square) + ln(1 / area) would move the EPS floor (band-limited tracks have many bands there).
;;
;; Memory layout: fixed regions at the offsets exported below (frames.ts reads them), all declared
;; up front. The memory never grows (growing detaches its ArrayBuffer, and one detach anywhere in
;; the isolate slows every typed-array access in V8).
(module
  ;; 48 pages (3 MB).
  (memory (export "memory") 48)

  ;; Byte offsets of the regions (exported for frames.ts) and capacities.
  (global (export "CHROMA") i32 (i32.const 0))        ;; 12 f64: chroma accumulated over frames
  (global (export "FC") i32 (i32.const 128))          ;; 12 v128: chroma of the pair (scratch)
  (global (export "WOFF") i32 (i32.const 384))        ;; 41 i32: offsets of each band's weights in WGT
  (global (export "MSTART") i32 (i32.const 576))      ;; 40 i32: first bin of each band
  (global (export "INVAREA") i32 (i32.const 768))     ;; 40 f64: 1 / filter area
  (global (export "XIN") i32 (i32.const 1152))        ;; 80 v128: arguments of the pair's logarithms (scratch)
  (global (export "LNX") i32 (i32.const 2432))        ;; 80 v128: their logarithms; the first 40 = ln mel
  (global (export "DCT") i32 (i32.const 4096))        ;; 16 × 40 f64: DCT-II × log10(e), rows 13–15 zero
  (global (export "BHZ") i32 (i32.const 65536))       ;; MAXB f64: b · binHz
  (global (export "RUNS") i32 (i32.const 98304))      ;; pitch-class runs (start, end, pc) i32 triples
  (global (export "WGT") i32 (i32.const 163840))      ;; mel weights, f64 (WGTCAP)
  (global (export "PREV") i32 (i32.const 483520))     ;; MAXB v128: unit spectrum of the previous pair
  (global (export "STATS") i32 (i32.const 557056))    ;; 10 v128 per pair (see $pair)
  (global (export "MELE") i32 (i32.const 598016))     ;; 40 f32 per frame: mel energies
  (global (export "LNM") i32 (i32.const 679936))      ;; 40 f32 per frame: ln mel mean squares
  (global (export "MFCC") i32 (i32.const 761856))     ;; 13 f32 per frame
  (global (export "MAG") i32 (i32.const 802816))      ;; magnitudes, f32, frame-major (MAGCAP bytes)
  (global (export "RUNP") i32 (i32.const 2899968))    ;; MAXB f64 per region: partials' run power,
  (global (export "RUNST") i32 (i32.const 2932800))   ;; run start frame,
  (global (export "STK") i32 (i32.const 2965632))     ;; steady, medium and total power per bin,
  (global (export "MEDK") i32 (i32.const 2998464))
  (global (export "TOTK") i32 (i32.const 3031296))
  (global (export "PK") i32 (i32.const 3064128))      ;; MAXB + 2 masks: peak bins of the frame (pads at −1, w)
  (global (export "MAXB") i32 (i32.const 4097))       ;; most bins per frame (fftSize 8192)
  (global (export "MAXF") i32 (i32.const 512))        ;; most frames per call (even)
  (global (export "MAGCAP") i32 (i32.const 2097152))
  (global (export "WGTCAP") i32 (i32.const 12288))
  (global (export "RUNCAP") i32 (i32.const 4097))     ;; most runs
  ;; Scratch of one pair, one v128 per bin (used as literal offsets below; the regions start at
  ;; different offsets modulo 4 KiB so that their loads and stores do not alias in the store buffer):
  ;; PW2 (power) 262144, M2 (magnitude) 335936, CUM2 (cumulative power) 409728.

  ;; ln of the $n f64 pairs at $src into $dst: fdlibm __ieee754_log on both lanes, for positive finite normal x (and ±∞/NaN → x + x). The
  ;; k = 0 cases of fdlibm are its k ≠ 0 formulas with dk = 0 (0·c = 0 and 0 − y = −y exactly), and
  ;; both branches are evaluated and selected per lane. Inputs below 2^-1022 are not handled (the
  ;; descriptors only take logs of values ≥ 1e-10).
  (func $logs (param $src i32) (param $dst i32) (param $n i32)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128) (local $k4 v128) (local $k5 v128) (local $k6 v128) (local $k7 v128) (local $k8 v128) (local $k9 v128) (local $k10 v128) (local $k11 v128) (local $k12 v128) (local $k13 v128) (local $k14 v128) (local $k15 v128) (local $k16 v128) (local $k17 v128) (local $k18 v128) (local $k19 v128) (local $k20 v128) (local $k21 v128)
    (local $x v128) (local $end i32)
    (local $hx0 v128) (local $hx v128) (local $k v128) (local $i v128) (local $f v128) (local $dk v128)
    (local $s v128) (local $z v128) (local $w v128) (local $R v128) (local $hfsq v128)
    (local $small v128) (local $a v128) (local $b v128) (local $ln2hi v128) (local $ln2lo v128)
    (local.set $ln2hi (f64x2.splat (f64.const 6.93147180369123816490e-01)))
    (local.set $ln2lo (f64x2.splat (f64.const 1.90821492927058770002e-10)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 4))))
    (local.set $k0 (i32x4.splat (i32.const 1023)))
    (local.set $k1 (i32x4.splat (i32.const 0x000fffff)))
    (local.set $k2 (i32x4.splat (i32.const 0x95f64)))
    (local.set $k3 (i32x4.splat (i32.const 0x100000)))
    (local.set $k4 (i32x4.splat (i32.const 0x3ff00000)))
    (local.set $k5 (f64x2.splat (f64.const 1)))
    (local.set $k6 (f64x2.splat (f64.const 0.5)))
    (local.set $k7 (f64x2.splat (f64.const 0.33333333333333333)))
    (local.set $k8 (f64x2.splat (f64.const 2)))
    (local.set $k9 (f64x2.splat (f64.const 6.666666666666735130e-01)))
    (local.set $k10 (f64x2.splat (f64.const 2.857142874366239149e-01)))
    (local.set $k11 (f64x2.splat (f64.const 1.818357216161805012e-01)))
    (local.set $k12 (f64x2.splat (f64.const 1.479819860511658591e-01)))
    (local.set $k13 (f64x2.splat (f64.const 3.999999999940941908e-01)))
    (local.set $k14 (f64x2.splat (f64.const 2.222219843214978396e-01)))
    (local.set $k15 (f64x2.splat (f64.const 1.531383769920937332e-01)))
    (local.set $k16 (i32x4.splat (i32.const 0x6147a)))
    (local.set $k17 (i32x4.splat (i32.const 0x6b851)))
    (local.set $k18 (i32x4.splat (i32.const 0)))
    (local.set $k19 (i32x4.splat (i32.const 2)))
    (local.set $k20 (i32x4.splat (i32.const 3)))
    (local.set $k21 (i32x4.splat (i32.const 0x7ff00000)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $x (v128.load (local.get $src)))
        ;; high words in i32 lanes 0 and 1
        (local.set $hx0 (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15 (local.get $x) (local.get $x)))
        (local.set $k (i32x4.sub (i32x4.shr_s (local.get $hx0) (i32.const 20)) (local.get $k0)))
        (local.set $hx (v128.and (local.get $hx0) (local.get $k1)))
        (local.set $i (v128.and (i32x4.add (local.get $hx) (local.get $k2)) (local.get $k3)))
        ;; x or x/2 normalised into [√2/2, √2): high word hx | (i ^ 0x3ff00000), low word kept
        (local.set $f (f64x2.sub
          (i8x16.shuffle 0 1 2 3 16 17 18 19 8 9 10 11 20 21 22 23
            (local.get $x)
            (v128.or (local.get $hx) (v128.xor (local.get $i) (local.get $k4))))
          (local.get $k5)))
        (local.set $k (i32x4.add (local.get $k) (i32x4.shr_s (local.get $i) (i32.const 20))))
        (local.set $dk (f64x2.convert_low_i32x4_s (local.get $k)))
        ;; s = f / (2 + f), z = s², w = z²
        (local.set $s (f64x2.div (local.get $f) (f64x2.add (local.get $k8) (local.get $f))))
        (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
        (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
        ;; R = t2 + t1, t1 = w(Lg2 + w(Lg4 + w·Lg6)), t2 = z(Lg1 + w(Lg3 + w(Lg5 + w·Lg7)))
        (local.set $R (f64x2.add
          (f64x2.mul (local.get $z)
            (f64x2.add (local.get $k9)
              (f64x2.mul (local.get $w)
                (f64x2.add (local.get $k10)
                  (f64x2.mul (local.get $w)
                    (f64x2.add (local.get $k11)
                      (f64x2.mul (local.get $w) (local.get $k12))))))))
          (f64x2.mul (local.get $w)
            (f64x2.add (local.get $k13)
              (f64x2.mul (local.get $w)
                (f64x2.add (local.get $k14)
                  (f64x2.mul (local.get $w) (local.get $k15))))))))
        ;; i > 0: hfsq = 0.5·f·f; dk·ln2_hi − ((hfsq − (s(hfsq + R) + dk·ln2_lo)) − f)
        (local.set $hfsq (f64x2.mul (f64x2.mul (local.get $k6) (local.get $f)) (local.get $f)))
        (local.set $a (f64x2.sub (f64x2.mul (local.get $dk) (local.get $ln2hi))
          (f64x2.sub
            (f64x2.sub (local.get $hfsq)
              (f64x2.add (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $R)))
                (f64x2.mul (local.get $dk) (local.get $ln2lo))))
            (local.get $f))))
        ;; else: dk·ln2_hi − ((s(f − R) − dk·ln2_lo) − f)
        (local.set $b (f64x2.sub (f64x2.mul (local.get $dk) (local.get $ln2hi))
          (f64x2.sub
            (f64x2.sub (f64x2.mul (local.get $s) (f64x2.sub (local.get $f) (local.get $R)))
              (f64x2.mul (local.get $dk) (local.get $ln2lo)))
            (local.get $f))))
        ;; i = (hx − 0x6147a) | (0x6b851 − hx) > 0 selects $a, else $b
        (local.set $a (v128.bitselect
          (local.get $a)
          (local.get $b)
          (i64x2.extend_low_i32x4_s (i32x4.gt_s
            (v128.or (i32x4.sub (local.get $hx) (local.get $k16))
              (i32x4.sub (local.get $k17) (local.get $hx)))
            (local.get $k18)))))
        ;; Rare lanes: (0xfffff & (2 + hx)) < 3 (|f| < 2^-20) take R = f·f·(0.5 − 0.333…·f) and
        ;; dk·ln2_hi − ((R − dk·ln2_lo) − f); hx0 ≥ 0x7ff00000 (∞, NaN) gives x + x.
        (local.set $small (i32x4.lt_u
          (v128.and (i32x4.add (local.get $hx) (local.get $k19)) (local.get $k1))
          (local.get $k20)))
        (local.set $b (i32x4.ge_s (local.get $hx0) (local.get $k21)))
        (if (v128.any_true (v128.or (local.get $small) (local.get $b)))
          (then
            (local.set $R (f64x2.mul (f64x2.mul (local.get $f) (local.get $f))
              (f64x2.sub (local.get $k6) (f64x2.mul (local.get $k7) (local.get $f)))))
            (local.set $a (v128.bitselect
              (f64x2.sub (f64x2.mul (local.get $dk) (local.get $ln2hi))
                (f64x2.sub (f64x2.sub (local.get $R) (f64x2.mul (local.get $dk) (local.get $ln2lo))) (local.get $f)))
              (local.get $a)
              (i64x2.extend_low_i32x4_s (local.get $small))))
            (local.set $a (v128.bitselect
              (f64x2.add (local.get $x) (local.get $x))
              (local.get $a)
              (i64x2.extend_low_i32x4_s (local.get $b))))))
        (v128.store (local.get $dst) (local.get $a))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))

  ;; Exported for the test: ln of the f64 pairs at $p … $p + 16·$n, in place.
  (func (export "logn") (param $p i32) (param $n i32)
    (call $logs (local.get $p) (local.get $p) (local.get $n)))

  ;; Power pass of one pair (rows $ra, $rb of f32 magnitudes): PW2[b] = m², M2[b] = m,
  ;; CUM2[b] = Σ_{1…b} m² (CUM2[0] = PW2[0] = 0), and at $st: Σm² (0), Σm (16), Σ b·binHz·m (32),
  ;; Σm² below bin $lo (48, = CUM2[$lo − 1]), Σm² from bin $b4k (64). Every sum in bin order.
  (func $power (param $ra i32) (param $rb i32) (param $nb i32) (param $lo i32) (param $b4k i32) (param $st i32)
    (local $b i32) (local $o i32) (local $end i32) (local $m v128) (local $p v128)
    (local $sp v128) (local $sm v128) (local $sf v128) (local $hi v128)
    (v128.store offset=262144 (i32.const 0) (v128.const i64x2 0 0))
    (v128.store offset=409728 (i32.const 0) (v128.const i64x2 0 0))
    (local.set $b (i32.const 1))
    (local.set $end (local.get $b4k))
    (block $done
      (loop $bins
        (br_if $done (i32.ge_s (local.get $b) (local.get $end)))
        (local.set $o (i32.shl (local.get $b) (i32.const 2)))
        (local.set $m (f64x2.promote_low_f32x4
          (v128.load32_lane 1 (i32.add (local.get $rb) (local.get $o))
            (v128.load32_zero (i32.add (local.get $ra) (local.get $o))))))
        (local.set $p (f64x2.mul (local.get $m) (local.get $m)))
        (local.set $o (i32.shl (local.get $b) (i32.const 4)))
        (v128.store offset=262144 (local.get $o) (local.get $p))
        (v128.store offset=335936 (local.get $o) (local.get $m))
        (local.set $sp (f64x2.add (local.get $sp) (local.get $p)))
        (v128.store offset=409728 (local.get $o) (local.get $sp))
        (local.set $sm (f64x2.add (local.get $sm) (local.get $m)))
        (local.set $sf (f64x2.add (local.get $sf)
          (f64x2.mul (v128.load64_splat offset=65536 (i32.shl (local.get $b) (i32.const 3))) (local.get $m))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bins)))
    (block $done
      (loop $bins
        (br_if $done (i32.ge_s (local.get $b) (local.get $nb)))
        (local.set $o (i32.shl (local.get $b) (i32.const 2)))
        (local.set $m (f64x2.promote_low_f32x4
          (v128.load32_lane 1 (i32.add (local.get $rb) (local.get $o))
            (v128.load32_zero (i32.add (local.get $ra) (local.get $o))))))
        (local.set $p (f64x2.mul (local.get $m) (local.get $m)))
        (local.set $o (i32.shl (local.get $b) (i32.const 4)))
        (v128.store offset=262144 (local.get $o) (local.get $p))
        (v128.store offset=335936 (local.get $o) (local.get $m))
        (local.set $sp (f64x2.add (local.get $sp) (local.get $p)))
        (v128.store offset=409728 (local.get $o) (local.get $sp))
        (local.set $sm (f64x2.add (local.get $sm) (local.get $m)))
        (local.set $sf (f64x2.add (local.get $sf)
          (f64x2.mul (v128.load64_splat offset=65536 (i32.shl (local.get $b) (i32.const 3))) (local.get $m))))
        (local.set $hi (f64x2.add (local.get $hi) (local.get $p)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bins)))
    (v128.store offset=0 (local.get $st) (local.get $sp))
    (v128.store offset=16 (local.get $st) (local.get $sm))
    (v128.store offset=32 (local.get $st) (local.get $sf))
    (v128.store offset=48 (local.get $st)
      (v128.load offset=409728 (i32.shl (i32.sub (local.get $lo) (i32.const 1)) (i32.const 4))))
    (v128.store offset=64 (local.get $st) (local.get $hi)))

  ;; One more sweep over the bins of the pair, for two results per lane:
  ;; - the 85 % roll-off bin: the first b ≥ 1 with CUM2[b] ≥ 0.85·Σm² (nb − 1 if none). CUM2 never
  ;;   decreases (sums of non-negative terms), so that bin is nb − #{b ≥ 1: CUM2[b] ≥ target}, at
  ;;   most nb − 1 (stored at $st + 80 as f64);
  ;; - the squared L2 rise of the unit-normalised magnitude spectrum (lane 0 against the previous
  ;;   pair's lane 1 in PREV, lane 1 against lane 0; rise = ½(d + |d|)), at $st + 96; PREV := this pair.
  (func $fluxRolloff (param $nb i32) (param $st i32)
    (local $k0 v128)
    (local $sp v128) (local $t v128) (local $n v128) (local $norm v128) (local $u v128) (local $d v128)
    (local $r v128) (local $fl v128) (local $o i32) (local $end i32) (local $last i64)
    (local.set $sp (v128.load (local.get $st)))
    (local.set $t (f64x2.mul (f64x2.splat (f64.const 0.85)) (local.get $sp)))
    ;; sumP > 0 ? 1 / √sumP : 0
    (local.set $norm (v128.bitselect
      (f64x2.div (f64x2.splat (f64.const 1)) (f64x2.sqrt (local.get $sp)))
      (v128.const i64x2 0 0)
      (f64x2.gt (local.get $sp) (v128.const i64x2 0 0))))
    (local.set $o (i32.const 16))
    (local.set $end (i32.shl (local.get $nb) (i32.const 4)))
    (local.set $k0 (f64x2.splat (f64.const 0.5)))
    (block $done
      (loop $bins
        (br_if $done (i32.ge_s (local.get $o) (local.get $end)))
        (local.set $n (i64x2.add (local.get $n) (f64x2.ge (v128.load offset=409728 (local.get $o)) (local.get $t))))
        (local.set $u (f64x2.mul (v128.load offset=335936 (local.get $o)) (local.get $norm)))
        (local.set $d (f64x2.sub (local.get $u)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
            (v128.load offset=483520 (local.get $o)) (local.get $u))))
        (local.set $r (f64x2.mul (local.get $k0) (f64x2.add (local.get $d) (f64x2.abs (local.get $d)))))
        (local.set $fl (f64x2.add (local.get $fl) (f64x2.mul (local.get $r) (local.get $r))))
        (v128.store offset=483520 (local.get $o) (local.get $u))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $bins)))
    (v128.store offset=96 (local.get $st) (local.get $fl))
    (local.set $n (i64x2.add (local.get $n) (i64x2.splat (i64.extend_i32_s (local.get $nb)))))
    (local.set $last (i64.extend_i32_s (i32.sub (local.get $nb) (i32.const 1))))
    (local.set $n (v128.bitselect (i64x2.splat (local.get $last)) (local.get $n)
      (i64x2.gt_s (local.get $n) (i64x2.splat (local.get $last)))))
    (v128.store offset=80 (local.get $st)
      (f64x2.replace_lane 1
        (f64x2.splat (f64.convert_i64_s (i64x2.extract_lane 0 (local.get $n))))
        (f64.convert_i64_s (i64x2.extract_lane 1 (local.get $n))))))

  ;; Stores lane 0 of $v as f32 at $p and lane 1 at $p + $step.
  (func $store2 (param $p i32) (param $step i32) (param $v v128)
    (local $h v128)
    (local.set $h (f32x4.demote_f64x2_zero (local.get $v)))
    (v128.store32_lane 0 (local.get $p) (local.get $h))
    (v128.store32_lane 1 (i32.add (local.get $p) (local.get $step)) (local.get $h)))

  ;; Mel band energies (→ MELE), ln of their mean squares (→ LNM, and LNX for the DCT) and the
  ;; flatness/entropy sums over bands ≥ $flatLo of ln density (112), density (128) and
  ;; density · ln density (144). The logarithms go through one $logs loop: XIN holds their
  ;; arguments (40 mean squares + EPS, then the densities + EPS of bands ≥ $flatLo), LNX the results.
  ;; $fi: frame index of lane 0 within the call.
  (func $mel (param $fi i32) (param $st i32) (param $ms f64) (param $flatLo i32)
    (local $m i32) (local $k i32) (local $end i32) (local $s0 i32) (local $q i32) (local $w i32)
    (local $e0 v128) (local $e1 v128) (local $e v128) (local $x v128) (local $msv v128) (local $eps v128)
    (local $dens v128) (local $ld v128) (local $sLog v128) (local $sLin v128) (local $sPlp v128)
    (local.set $msv (f64x2.splat (local.get $ms)))
    (local.set $eps (f64x2.splat (f64.const 1e-10)))
    (local.set $m (i32.const 0))
    (block $bands
      (loop $band
        (br_if $bands (i32.ge_s (local.get $m) (i32.const 40)))
        (local.set $k (i32.load offset=384 (i32.shl (local.get $m) (i32.const 2))))
        (local.set $end (i32.load offset=388 (i32.shl (local.get $m) (i32.const 2))))
        ;; PW2 address of weight k = PW2 + 16·(start − wOff[m] + k)
        (local.set $s0 (i32.add (i32.const 262144) (i32.shl
          (i32.sub (i32.load offset=576 (i32.shl (local.get $m) (i32.const 2))) (local.get $k))
          (i32.const 4))))
        (local.set $e0 (v128.const i64x2 0 0))
        (local.set $e1 (v128.const i64x2 0 0))
        (block $ws
          (loop $wl
            (br_if $ws (i32.ge_s (i32.add (local.get $k) (i32.const 1)) (local.get $end)))
            (local.set $q (i32.add (local.get $s0) (i32.shl (local.get $k) (i32.const 4))))
            (local.set $w (i32.shl (local.get $k) (i32.const 3)))
            (local.set $e0 (f64x2.add (local.get $e0)
              (f64x2.mul (v128.load64_splat offset=163840 (local.get $w)) (v128.load (local.get $q)))))
            (local.set $e1 (f64x2.add (local.get $e1)
              (f64x2.mul (v128.load64_splat offset=163848 (local.get $w)) (v128.load offset=16 (local.get $q)))))
            (local.set $k (i32.add (local.get $k) (i32.const 2)))
            (br $wl)))
        (if (i32.lt_s (local.get $k) (local.get $end))
          (then
            (local.set $e0 (f64x2.add (local.get $e0)
              (f64x2.mul (v128.load64_splat offset=163840 (i32.shl (local.get $k) (i32.const 3)))
                (v128.load (i32.add (local.get $s0) (i32.shl (local.get $k) (i32.const 4)))))))))
        (local.set $e (f64x2.add (local.get $e0) (local.get $e1)))
        (call $store2
          (i32.add (i32.const 598016) (i32.shl (i32.add (i32.mul (local.get $fi) (i32.const 40)) (local.get $m)) (i32.const 2)))
          (i32.const 160) (local.get $e))
        (local.set $x (f64x2.mul (local.get $e) (local.get $msv)))
        (v128.store offset=1152 (i32.shl (local.get $m) (i32.const 4)) (f64x2.add (local.get $x) (local.get $eps)))
        (if (i32.ge_s (local.get $m) (local.get $flatLo))
          (then
            (v128.store offset=1792 (i32.shl (i32.sub (local.get $m) (local.get $flatLo)) (i32.const 4))
              (f64x2.add
                (f64x2.mul (local.get $x) (v128.load64_splat offset=768 (i32.shl (local.get $m) (i32.const 3))))
                (local.get $eps)))))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $band)))
    (call $logs (i32.const 1152) (i32.const 2432) (i32.sub (i32.const 80) (local.get $flatLo)))
    (local.set $m (i32.const 0))
    (block $bands
      (loop $band
        (br_if $bands (i32.ge_s (local.get $m) (i32.const 40)))
        (call $store2
          (i32.add (i32.const 679936) (i32.shl (i32.add (i32.mul (local.get $fi) (i32.const 40)) (local.get $m)) (i32.const 2)))
          (i32.const 160) (v128.load offset=2432 (i32.shl (local.get $m) (i32.const 4))))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $band)))
    ;; sums in band order
    (local.set $m (i32.const 640))
    (local.set $end (i32.shl (i32.sub (i32.const 80) (local.get $flatLo)) (i32.const 4)))
    (block $bands
      (loop $band
        (br_if $bands (i32.ge_s (local.get $m) (local.get $end)))
        (local.set $dens (v128.load offset=1152 (local.get $m)))
        (local.set $ld (v128.load offset=2432 (local.get $m)))
        (local.set $sLog (f64x2.add (local.get $sLog) (local.get $ld)))
        (local.set $sLin (f64x2.add (local.get $sLin) (local.get $dens)))
        (local.set $sPlp (f64x2.add (local.get $sPlp) (f64x2.mul (local.get $dens) (local.get $ld))))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (br $band)))
    (v128.store offset=112 (local.get $st) (local.get $sLog))
    (v128.store offset=128 (local.get $st) (local.get $sLin))
    (v128.store offset=144 (local.get $st) (local.get $sPlp)))

  ;; MFCC = DCT rows × LNX (ln mel), four coefficients per sweep over the bands (each sum in band order),
  ;; stored as f32 to MFCC for coefficients 0–12.
  (func $dct (param $fi i32)
    (local $k i32) (local $m i32) (local $r i32) (local $l v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $o i32)
    (local.set $o (i32.add (i32.const 761856) (i32.shl (i32.mul (local.get $fi) (i32.const 13)) (i32.const 2))))
    (local.set $k (i32.const 0))
    (block $ks
      (loop $kk
        (br_if $ks (i32.ge_s (local.get $k) (i32.const 13)))
        (local.set $c0 (v128.const i64x2 0 0))
        (local.set $c1 (v128.const i64x2 0 0))
        (local.set $c2 (v128.const i64x2 0 0))
        (local.set $c3 (v128.const i64x2 0 0))
        ;; row k starts at DCT + 8·40·k
        (local.set $r (i32.add (i32.const 4096) (i32.mul (local.get $k) (i32.const 320))))
        (local.set $m (i32.const 0))
        (block $ms
          (loop $mm
            (br_if $ms (i32.ge_s (local.get $m) (i32.const 40)))
            (local.set $l (v128.load offset=2432 (i32.shl (local.get $m) (i32.const 4))))
            (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (v128.load64_splat offset=0 (local.get $r)) (local.get $l))))
            (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (v128.load64_splat offset=320 (local.get $r)) (local.get $l))))
            (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (v128.load64_splat offset=640 (local.get $r)) (local.get $l))))
            (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (v128.load64_splat offset=960 (local.get $r)) (local.get $l))))
            (local.set $r (i32.add (local.get $r) (i32.const 8)))
            (local.set $m (i32.add (local.get $m) (i32.const 1)))
            (br $mm)))
        (call $store2 (i32.add (local.get $o) (i32.shl (local.get $k) (i32.const 2))) (i32.const 52) (local.get $c0))
        (if (i32.lt_s (local.get $k) (i32.const 12))
          (then
            (call $store2 (i32.add (local.get $o) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 2))) (i32.const 52) (local.get $c1))
            (call $store2 (i32.add (local.get $o) (i32.shl (i32.add (local.get $k) (i32.const 2)) (i32.const 2))) (i32.const 52) (local.get $c2))
            (call $store2 (i32.add (local.get $o) (i32.shl (i32.add (local.get $k) (i32.const 3)) (i32.const 2))) (i32.const 52) (local.get $c3))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $kk))))

  ;; Chroma of the pair: per-pitch-class sums of PW2 over the runs (each run's sum in a register,
  ;; bins in order) and their total cs; then CHROMA[i] += (fc[i] / cs)·√cs for lane 0, then lane 1
  ;; (lanes with cs = 0 add nothing).
  (func $chroma (param $nRuns i32)
    (local $r i32) (local $b i32) (local $end i32) (local $pc i32) (local $a v128) (local $cs v128)
    (local $p v128) (local $g v128) (local $mask v128) (local $c v128) (local $i i32)
    (memory.fill (i32.const 128) (i32.const 0) (i32.const 192))
    (local.set $r (i32.const 98304))
    (local.set $end (i32.add (i32.const 98304) (i32.mul (local.get $nRuns) (i32.const 12))))
    (block $runs
      (loop $run
        (br_if $runs (i32.ge_u (local.get $r) (local.get $end)))
        (local.set $pc (i32.add (i32.const 128) (i32.shl (i32.load offset=8 (local.get $r)) (i32.const 4))))
        (local.set $a (v128.load (local.get $pc)))
        (local.set $b (i32.add (i32.const 262144) (i32.shl (i32.load (local.get $r)) (i32.const 4))))
        (local.set $i (i32.add (i32.const 262144) (i32.shl (i32.load offset=4 (local.get $r)) (i32.const 4))))
        (block $bins
          (loop $bin
            (br_if $bins (i32.ge_u (local.get $b) (local.get $i)))
            (local.set $p (v128.load (local.get $b)))
            (local.set $a (f64x2.add (local.get $a) (local.get $p)))
            (local.set $cs (f64x2.add (local.get $cs) (local.get $p)))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))
            (br $bin)))
        (v128.store (local.get $pc) (local.get $a))
        (local.set $r (i32.add (local.get $r) (i32.const 12)))
        (br $run)))
    (local.set $g (f64x2.sqrt (local.get $cs)))
    (local.set $mask (f64x2.gt (local.get $cs) (v128.const i64x2 0 0)))
    (local.set $i (i32.const 0))
    (block $pcs
      (loop $pcl
        (br_if $pcs (i32.ge_s (local.get $i) (i32.const 12)))
        (local.set $c (v128.bitselect
          (f64x2.mul (f64x2.div (v128.load offset=128 (i32.shl (local.get $i) (i32.const 4))) (local.get $cs)) (local.get $g))
          (v128.const i64x2 0 0)
          (local.get $mask)))
        (f64.store (i32.shl (local.get $i) (i32.const 3))
          (f64.add
            (f64.add (f64.load (i32.shl (local.get $i) (i32.const 3))) (f64x2.extract_lane 0 (local.get $c)))
            (f64x2.extract_lane 1 (local.get $c))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $pcl))))

  ;; Steady/gliding partials (descriptors.ts): one frame (row $row of f32 magnitudes, frame index $f)
  ;; of the per-bin run tracking over the $w bins from $lo. Peaks: bins within 30 dB of the frame's
  ;; strongest in $lo … $lo + $w − 1 that exceed their left neighbour and are not below their right
  ;; one (PK: all-ones per peak bin, zero pads at −1 and $w). Per bin k, two at a time:
  ;; near2 = peak, near0 = neither it nor a neighbour a peak; a peak adds f32(m²) to its run's power
  ;; RUNP; near0 closes the run (its power to STK if it lasted ≥ $minRun frames, else to MEDK if ≥
  ;; $shortRun, and to TOTK; adding the zero power of an empty run changes nothing) and restarts it at
  ;; $f + 1 (RUNST). Same additions in the same order as the JavaScript loop.
  (func $partials (export "partials") (param $row i32) (param $f i32) (param $lo i32) (param $w i32) (param $minRun f64) (param $shortRun f64)
    (local $b i32) (local $hi i32) (local $k i32) (local $o i32) (local $mx v128) (local $mxs f32) (local $floor v128)
    (local $m v128) (local $pk v128) (local $near0 v128) (local $rp v128) (local $pc v128) (local $len v128)
    (local $gmin v128) (local $fv v128) (local $f1 v128) (local $minv v128) (local $shortv v128)
    (if (i32.lt_s (local.get $w) (i32.const 1)) (then (return)))
    (local.set $hi (i32.add (local.get $lo) (i32.sub (local.get $w) (i32.const 1))))
    ;; strongest magnitude in lo … hi
    (local.set $b (local.get $lo))
    (block $done
      (loop $bins
        (br_if $done (i32.gt_s (i32.add (local.get $b) (i32.const 3)) (local.get $hi)))
        (local.set $mx (f32x4.max (local.get $mx) (v128.load (i32.add (local.get $row) (i32.shl (local.get $b) (i32.const 2))))))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $bins)))
    (local.set $mxs (f32.max
      (f32.max (f32x4.extract_lane 0 (local.get $mx)) (f32x4.extract_lane 1 (local.get $mx)))
      (f32.max (f32x4.extract_lane 2 (local.get $mx)) (f32x4.extract_lane 3 (local.get $mx)))))
    (block $done
      (loop $bins
        (br_if $done (i32.gt_s (local.get $b) (local.get $hi)))
        (local.set $mxs (f32.max (local.get $mxs) (f32.load (i32.add (local.get $row) (i32.shl (local.get $b) (i32.const 2))))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bins)))
    (local.set $floor (f64x2.splat (f64.mul (f64.promote_f32 (local.get $mxs)) (f64.const 0.0316))))
    ;; peaks, two bins at a time
    (local.set $k (i32.const 0))
    (block $done
      (loop $bins
        (br_if $done (i32.ge_s (local.get $k) (local.get $w)))
        (local.set $o (i32.add (local.get $row) (i32.shl (i32.add (local.get $lo) (local.get $k)) (i32.const 2))))
        (local.set $m (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $o))))
        (v128.store offset=3064136 (i32.shl (local.get $k) (i32.const 3))
          (v128.and
            (v128.and (f64x2.gt (local.get $m) (local.get $floor))
              (f64x2.gt (local.get $m) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.sub (local.get $o) (i32.const 4))))))
            (f64x2.ge (local.get $m) (f64x2.promote_low_f32x4 (v128.load64_zero offset=4 (local.get $o))))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $bins)))
    (i64.store offset=3064136 (i32.shl (local.get $w) (i32.const 3)) (i64.const 0))
    ;; runs
    (local.set $fv (f64x2.splat (f64.convert_i32_s (local.get $f))))
    (local.set $f1 (f64x2.splat (f64.convert_i32_s (i32.add (local.get $f) (i32.const 1)))))
    (local.set $minv (f64x2.splat (local.get $minRun)))
    (local.set $shortv (f64x2.splat (local.get $shortRun)))
    (local.set $k (i32.const 0))
    (block $done
      (loop $bins
        (br_if $done (i32.ge_s (local.get $k) (local.get $w)))
        (local.set $o (i32.shl (local.get $k) (i32.const 3)))
        (local.set $pk (v128.load offset=3064136 (local.get $o)))
        (local.set $near0 (v128.not (v128.or (local.get $pk)
          (v128.or (v128.load offset=3064128 (local.get $o)) (v128.load offset=3064144 (local.get $o))))))
        (local.set $m (f64x2.promote_low_f32x4 (v128.load64_zero
          (i32.add (local.get $row) (i32.shl (i32.add (local.get $lo) (local.get $k)) (i32.const 2))))))
        (local.set $rp (v128.load offset=2899968 (local.get $o)))
        ;; closing runs: their power (0 elsewhere)
        (local.set $pc (v128.and (local.get $rp) (local.get $near0)))
        ;; (only when a lane closes a run that holds power: adding 0 would change nothing)
        (if (v128.any_true (local.get $pc))
          (then
            (local.set $len (f64x2.sub (local.get $fv) (v128.load offset=2932800 (local.get $o))))
            (local.set $gmin (f64x2.ge (local.get $len) (local.get $minv)))
            (v128.store offset=2965632 (local.get $o)
              (f64x2.add (v128.load offset=2965632 (local.get $o)) (v128.and (local.get $pc) (local.get $gmin))))
            (v128.store offset=2998464 (local.get $o)
              (f64x2.add (v128.load offset=2998464 (local.get $o))
                (v128.and (local.get $pc) (v128.andnot (f64x2.ge (local.get $len) (local.get $shortv)) (local.get $gmin)))))
            (v128.store offset=3031296 (local.get $o) (f64x2.add (v128.load offset=3031296 (local.get $o)) (local.get $pc)))))
        ;; peak: run power += f32(m²); near0: 0; else unchanged
        (v128.store offset=2899968 (local.get $o)
          (v128.bitselect
            (f64x2.add (local.get $rp) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $m) (local.get $m)))))
            (v128.andnot (local.get $rp) (local.get $near0))
            (local.get $pk)))
        (v128.store offset=2932800 (local.get $o)
          (v128.bitselect (local.get $f1) (v128.load offset=2932800 (local.get $o)) (local.get $near0)))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $bins))))

  ;; Processes $np pairs of frames from MAG ($nb f32 bins per frame, frame-major; an odd last frame
  ;; is paired with a row of zeros). Per pair p, STATS + 160p holds 10 v128 (lane = frame):
  ;; Σm², Σm, Σ b·binHz·m, Σm² below bin $lo, Σm² from bin $b4k, roll-off bin, squared flux,
  ;; Σ ln density, Σ density, Σ density · ln density. MELE, LNM, MFCC get the frames' rows.
  ;; Frames $f0, $f0 + 1, … also go through $partials ($plo, $pw, $minRun, $shortRun; frame index
  ;; $f0 + 2p + lane). PREV (previous unit spectrum), CHROMA and the partials' state carry over
  ;; between calls.
  (func (export "frames")
    (param $np i32) (param $nb i32) (param $lo i32) (param $b4k i32) (param $flatLo i32) (param $nRuns i32) (param $ms f64)
    (param $f0 i32) (param $plo i32) (param $pw i32) (param $minRun f64) (param $shortRun f64)
    (local $p i32) (local $ra i32) (local $st i32) (local $row i32)
    (local.set $row (i32.shl (local.get $nb) (i32.const 2)))
    (local.set $ra (i32.const 802816))
    (local.set $st (i32.const 557056))
    (local.set $p (i32.const 0))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_s (local.get $p) (local.get $np)))
        (call $power (local.get $ra) (i32.add (local.get $ra) (local.get $row)) (local.get $nb) (local.get $lo) (local.get $b4k) (local.get $st))
        (call $fluxRolloff (local.get $nb) (local.get $st))
        (call $mel (i32.shl (local.get $p) (i32.const 1)) (local.get $st) (local.get $ms) (local.get $flatLo))
        (call $dct (i32.shl (local.get $p) (i32.const 1)))
        (call $chroma (local.get $nRuns))
        (call $partials (local.get $ra) (i32.add (local.get $f0) (i32.shl (local.get $p) (i32.const 1)))
          (local.get $plo) (local.get $pw) (local.get $minRun) (local.get $shortRun))
        (call $partials (i32.add (local.get $ra) (local.get $row)) (i32.add (i32.add (local.get $f0) (i32.shl (local.get $p) (i32.const 1))) (i32.const 1))
          (local.get $plo) (local.get $pw) (local.get $minRun) (local.get $shortRun))
        (local.set $ra (i32.add (local.get $ra) (i32.shl (local.get $row) (i32.const 1))))
        (local.set $st (i32.add (local.get $st) (i32.const 160)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $pairs))))
)
