import { describe, expect, it } from 'vitest';
import { emptyFrameSeries, frameSeries, kernelLog, MAXF, type FrameSeries, type FrameTables } from './frames.js';
import { descriptorTables } from '../descriptors.js';
import { stft } from '../../audio/stft.js';
import { seededRandom } from '../../random.js';
import { musicLike, noise, sine, drumPattern, renderSpeechLike } from '@audiio-ml/synth';

// ---- Reference: the JavaScript per-frame loops of descriptors.ts that the kernel replaced (verbatim). ----
const N_MEL = 40;
const N_MFCC = 13;
const EPS = 1e-10;

function framePower(
  mag: Float32Array, base: number, nBins: number, binHz: number, b120: number, b4k: number, pw: Float64Array, acc: Float64Array,
): void {
  let sumP = 0, sumM = 0, sumFM = 0, lo = 0, hi = 0;
  let b = 1;
  for (; b < b120; b++) {
    const m = mag[base + b];
    const p = m * m;
    pw[b] = p;
    sumP += p;
    sumM += m;
    sumFM += b * binHz * m;
    lo += p;
  }
  for (; b < b4k; b++) {
    const m = mag[base + b];
    const p = m * m;
    pw[b] = p;
    sumP += p;
    sumM += m;
    sumFM += b * binHz * m;
  }
  for (; b < nBins; b++) {
    const m = mag[base + b];
    const p = m * m;
    pw[b] = p;
    sumP += p;
    sumM += m;
    sumFM += b * binHz * m;
    hi += p;
  }
  acc[0] = sumP;
  acc[1] = sumM;
  acc[2] = sumFM;
  acc[3] = lo;
  acc[4] = hi;
}

function rolloffBin(pw: Float64Array, nBins: number, target: number): number {
  let acc = 0;
  for (let b = 1; b < nBins; b++) {
    acc += pw[b];
    if (acc >= target) return b;
  }
  return nBins - 1;
}

function fluxSq(mag: Float32Array, base: number, nBins: number, norm: number, prevUnit: Float64Array): number {
  let fl = 0;
  for (let b = 1; b < nBins; b++) {
    const u = mag[base + b] * norm;
    const d = u - prevUnit[b];
    const r = 0.5 * (d + Math.abs(d));
    fl += r * r;
    prevUnit[b] = u;
  }
  return fl;
}

function melFrame(t: FrameTables, pw: Float64Array, f: number, s: FrameSeries, lnRow: Float64Array): void {
  const { wOff, wFlat, melStart, invArea, dct10, flatLo, msScale } = t;
  const nFlat = N_MEL - flatLo;
  const melEnv = s.melEnv;
  const lnMel = s.lnMel;
  const o = f * N_MEL;
  let sLog = 0, sLin = 0, sPlp = 0;
  for (let m = 0; m < N_MEL; m++) {
    const s0 = melStart[m] - wOff[m];
    const end = wOff[m + 1];
    let e0 = 0, e1 = 0;
    let k = wOff[m];
    for (; k + 1 < end; k += 2) {
      e0 += wFlat[k] * pw[s0 + k];
      e1 += wFlat[k + 1] * pw[s0 + k + 1];
    }
    if (k < end) e0 += wFlat[k] * pw[s0 + k];
    const e = e0 + e1;
    melEnv[o + m] = e;
    const lm = Math.log(e * msScale + EPS);
    lnMel[o + m] = lm;
    lnRow[m] = lm;
    if (m >= flatLo) {
      const dens = e * msScale * invArea[m] + EPS;
      const ld = Math.log(dens);
      sLog += ld;
      sLin += dens;
      sPlp += dens * ld;
    }
  }
  s.flatness[f] = Math.exp(sLog / nFlat) / (sLin / nFlat);
  s.entropy[f] = (Math.log(sLin) - sPlp / sLin) / Math.log(nFlat);
  const mfcc = s.mfcc;
  const fo = f * N_MFCC;
  let k = 0;
  for (; k + 3 < N_MFCC; k += 4) {
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    const r = k * N_MEL;
    for (let m = 0; m < N_MEL; m++) {
      const l = lnRow[m];
      c0 += dct10[r + m] * l;
      c1 += dct10[r + N_MEL + m] * l;
      c2 += dct10[r + 2 * N_MEL + m] * l;
      c3 += dct10[r + 3 * N_MEL + m] * l;
    }
    mfcc[fo + k] = c0;
    mfcc[fo + k + 1] = c1;
    mfcc[fo + k + 2] = c2;
    mfcc[fo + k + 3] = c3;
  }
  for (; k < N_MFCC; k++) {
    let c = 0;
    const r = k * N_MEL;
    for (let m = 0; m < N_MEL; m++) c += dct10[r + m] * lnRow[m];
    mfcc[fo + k] = c;
  }
}

function chromaFrame(t: FrameTables, pw: Float64Array, chroma: Float64Array, fc: Float64Array): void {
  const { pcRuns } = t;
  fc.fill(0);
  let cs = 0;
  for (let r = 0; r < pcRuns.length; r += 3) {
    const pc = pcRuns[r + 2];
    let a = fc[pc];
    for (let b = pcRuns[r]; b < pcRuns[r + 1]; b++) {
      const p = pw[b];
      a += p;
      cs += p;
    }
    fc[pc] = a;
  }
  if (cs > 0) {
    const g = Math.sqrt(cs);
    for (let i = 0; i < 12; i++) chroma[i] += (fc[i] / cs) * g;
  }
}

function steadyPartials(mag: Float32Array, nFrames: number, nBins: number, binHz: number, minRun: number): [number, number] {
  const lo = Math.max(2, Math.round(100 / binHz));
  const hi = Math.min(nBins - 2, Math.round(4000 / binHz));
  const width = hi - lo + 1;
  if (width < 3 || nFrames < 2) return [0, 0];
  const shortRun = Math.max(2, Math.round(minRun / 3));
  const near = new Uint8Array(width);
  const peakPow = new Float32Array(width);
  const runStart = new Int32Array(width);
  const runPow = new Float64Array(width);
  const steadyK = new Float64Array(width);
  const mediumK = new Float64Array(width);
  const totalK = new Float64Array(width);
  for (let f = 0; f <= nFrames; f++) {
    near.fill(0);
    if (f < nFrames) {
      const base = f * nBins;
      let max = 0;
      for (let b = lo; b <= hi; b++) max = Math.max(max, mag[base + b]);
      const floor = max * 0.0316; // -30 dB
      if (max > 0) {
        for (let b = lo; b <= hi; b++) {
          const m = mag[base + b];
          if (m > floor && m > mag[base + b - 1] && m >= mag[base + b + 1]) {
            const i = b - lo;
            peakPow[i] = m * m;
            near[i] = 2;
            if (b > lo && near[i - 1] === 0) near[i - 1] = 1;
            if (b < hi) near[i + 1] = 1;
          }
        }
      }
    }
    for (let k = 0; k < width; k++) {
      const v = near[k];
      if (v === 2) runPow[k] += peakPow[k];
      else if (v === 0) {
        const p = runPow[k];
        if (p !== 0) {
          const len = f - runStart[k];
          if (len >= minRun) steadyK[k] += p;
          else if (len >= shortRun) mediumK[k] += p;
          totalK[k] += p;
          runPow[k] = 0;
        }
        runStart[k] = f + 1;
      }
    }
  }
  let steady = 0, medium = 0, total = 0;
  for (let k = 0; k < width; k++) {
    steady += steadyK[k];
    medium += mediumK[k];
    total += totalK[k];
  }
  return total > 0 ? [steady / total, medium / total] : [0, 0];
}

function frameSeriesReference(mag: Float32Array, nFrames: number, nBins: number, t: FrameTables, minRun: number): FrameSeries {
  const { binHz, b120, b4k } = t;
  const s: FrameSeries = { ...emptyFrameSeries(nFrames), partials: steadyPartials(mag, nFrames, nBins, binHz, minRun) };
  const prevUnit = new Float64Array(nBins);
  const logMel = new Float64Array(N_MEL);
  const pw = new Float64Array(nBins);
  const fc = new Float64Array(12);
  const acc = new Float64Array(5);
  let hiPow = 0, loPow = 0, allPow = 0;
  for (let f = 0; f < nFrames; f++) {
    const base = f * nBins;
    framePower(mag, base, nBins, binHz, Math.min(b120, b4k), b4k, pw, acc);
    const sumP = acc[0];
    const sumM = acc[1];
    s.power[f] = sumP;
    allPow += sumP;
    loPow += acc[3];
    hiPow += acc[4];
    s.centroid[f] = sumM > 0 ? acc[2] / sumM : 0;
    s.rolloff[f] = sumP > 0 ? rolloffBin(pw, nBins, 0.85 * sumP) * binHz : 0;
    const fl = fluxSq(mag, base, nBins, sumP > 0 ? 1 / Math.sqrt(sumP) : 0, prevUnit);
    s.flux[f] = f === 0 ? 0 : Math.sqrt(fl);
    melFrame(t, pw, f, s, logMel);
    chromaFrame(t, pw, s.chroma, fc);
  }
  s.bands[0] = loPow;
  s.bands[1] = hiPow;
  s.bands[2] = allPow;
  return s;
}
// ---- end of reference ----

const FIELDS = ['power', 'centroid', 'rolloff', 'flatness', 'entropy', 'flux', 'mfcc', 'melEnv', 'lnMel', 'chroma', 'bands', 'partials'] as const;

/** Largest |a − b| / max(|a|, |b|) over the elements (0 where both are equal, including both 0). */
function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(a[i]), Math.abs(b[i])));
  }
  return worst;
}

/** Runs kernel and reference on `x` at (rate, fftSize) and checks every field. */
function compare(x: Float32Array, rate: number, fftSize: number): { nFrames: number; got: FrameSeries } {
  const spec = stft(x, rate, fftSize, fftSize / 2);
  const t = descriptorTables(rate, fftSize);
  const minRun = Math.round((0.18 * rate) / spec.hop);
  const got = frameSeries(spec, t, minRun);
  const want = frameSeriesReference(spec.mag, spec.nFrames, spec.nBins, t, minRun);
  const worst: Record<string, number> = {};
  for (const k of FIELDS) {
    expect(got[k].length, k).toBe(want[k].length);
    worst[k] = maxRelDiff(got[k], want[k]);
    expect(worst[k], `${k} (${rate} Hz, fft ${fftSize}, ${spec.nFrames} frames)`).toBeLessThanOrEqual(1e-9);
    expect(Array.from(got[k]).every(Number.isFinite), k).toBe(true);
  }
  // The roll-off is a bin index times binHz: identical, ties at the 85 % threshold included.
  expect(got.rolloff).toEqual(want.rolloff);
  return { nFrames: spec.nFrames, got };
}

describe('frameSeries (WebAssembly SIMD) against the JavaScript per-frame loops', () => {
  it('music with drums at every STFT size the analysis uses (256 … 2048), odd and even frame counts', () => {
    for (const [rate, fftSize, sec] of [[22050, 1024, 4], [11025, 512, 3.3], [44100, 2048, 2.1], [5512.5, 256, 4.7], [22050, 2048, 1]] as const) {
      const x = Float32Array.from(musicLike(sec, 128, true, 3, rate), (v, i) => v + 0.02 * Math.sin(i));
      const { got } = compare(x, rate, fftSize);
      expect(got.partials[0]).toBeGreaterThan(0.2); // held chord notes: steady partials to compare
    }
  });

  it('speech-like audio (gliding partials) at two STFT sizes', () => {
    for (const [rate, fftSize] of [[22050, 1024], [11025, 512]] as const) {
      const { got } = compare(renderSpeechLike({ durationSec: 4, seed: 5, sampleRate: rate }), rate, fftSize);
      expect(got.partials[1]).toBeGreaterThan(0.05);
    }
  });

  it('a long clip crossing several kernel calls (frames copied in chunks) and a 513-bin drum loop', () => {
    const rate = 22050;
    const sec = (1024 + (2 * MAXF + 263 - 1) * 512) / rate; // 2·MAXF + 263 frames at fft 1024: 3 calls, odd remainder
    const { nFrames } = compare(Float32Array.from(drumPattern(126, sec, rate, 2), (v, i) => v + 0.1 * Math.sin(0.07 * i)), rate, 1024);
    expect(nFrames).toBeGreaterThan(2 * MAXF);
    expect(nFrames % 2).toBe(1);
  });

  it('silence, one sample, a 0.3 s sine, noise, and a clip with silent frames inside', () => {
    compare(new Float32Array(22050), 22050, 1024);
    compare(new Float32Array(1), 22050, 1024);
    compare(sine(0.3, 220, 0.3), 22050, 1024);
    compare(noise(2, 0.5), 22050, 1024);
    const gaps = musicLike(3, 100, false);
    gaps.fill(0, 20_000, 40_000);
    compare(gaps, 22050, 1024);
  });

  it('roll-off ties: spectra whose cumulative power lands exactly on the 85 % threshold', () => {
    // Flat magnitudes (powers of two): cumulative sums are exact, and 0.85·Σ can equal a prefix.
    const nBins = 513;
    const nFrames = 9;
    const mag = new Float32Array(nFrames * nBins);
    for (let f = 0; f < nFrames; f++) for (let b = 1; b < nBins; b++) mag[f * nBins + b] = b <= 20 * (f + 1) ? 0.5 : 0;
    // 20 bins of power 0.25: target 0.85 · 5 = 4.25 = 17 bins exactly.
    const spec = { sampleRate: 22050, fftSize: 1024, hop: 512, nFrames, nBins, mag };
    const t = descriptorTables(22050, 1024);
    const got = frameSeries(spec, t, 4);
    const want = frameSeriesReference(mag, nFrames, nBins, t, 4);
    expect(got.rolloff).toEqual(want.rolloff);
    expect(got.rolloff[0]).toBe(17 * t.binHz);
    for (const k of FIELDS) expect(maxRelDiff(got[k], want[k]), k).toBeLessThanOrEqual(1e-9);
  });

  it('a NaN magnitude in one frame: the same roll-offs as the JavaScript loop', () => {
    const spec = stft(musicLike(1, 120, false), 22050, 1024, 512);
    spec.mag[3 * spec.nBins + 40] = NaN;
    const t = descriptorTables(22050, 1024);
    const got = frameSeries(spec, t, 8);
    const want = frameSeriesReference(spec.mag, spec.nFrames, spec.nBins, t, 8);
    expect(got.rolloff).toEqual(want.rolloff);
    expect(got.rolloff[4]).toBeGreaterThan(0);
  });

  it('the kernel log is fdlibm log (V8 Math.log) to within 1e-15 relative', () => {
    const rnd = seededRandom(9);
    const x = Float64Array.from({ length: 20_001 }, (_, i) =>
      i % 3 === 0 ? Math.exp((rnd() - 0.5) * 120) : i % 3 === 1 ? 1 + (rnd() - 0.5) * 1e-5 : 2 ** Math.round(rnd() * 40 - 20) * (1 + (rnd() - 0.5) * 4e-6));
    x.set([1, 2, 0.5, 1e-10, Math.SQRT2, Math.SQRT1_2, Number.MAX_VALUE, Infinity], 0);
    const got = kernelLog(x);
    for (let i = 0; i < x.length; i++) {
      const want = Math.log(x[i]);
      if (got[i] !== want) expect(Math.abs(got[i] - want) / Math.abs(want), `ln ${x[i]}`).toBeLessThanOrEqual(1e-15);
    }
  });
});
