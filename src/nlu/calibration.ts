import { softmax } from './linear';

/**
 * Temperature scaling (Guo et al. 2017): one divisor for the scores that minimises the negative
 * log-likelihood of held-out predictions. It keeps the ranking and only fixes overconfidence,
 * so a confidence of 0.6 means right about 60% of the time.
 */
export function fitTemperature(scores: readonly Float64Array[], gold: readonly number[]): number {
  const nll = (logT: number): number => {
    const t = Math.exp(logT);
    let sum = 0;
    scores.forEach((s, i) => {
      sum -= Math.log(Math.max(softmax(s, t)[gold[i] ?? 0] ?? 0, 1e-12));
    });
    return sum / Math.max(scores.length, 1);
  };
  // The NLL is unimodal in log T; golden-section search on [1/20, 20].
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = nll(a);
  let fb = nll(b);
  for (let i = 0; i < 60; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = nll(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = nll(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}

/** Expected calibration error over equal-width confidence bins. */
export function expectedCalibrationError(
  confidence: readonly number[],
  correct: readonly boolean[],
  bins = 10,
): number {
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const acc = new Array<number>(bins).fill(0);
  confidence.forEach((c, i) => {
    const b = Math.min(bins - 1, Math.floor(c * bins));
    count[b]! += 1;
    conf[b]! += c;
    acc[b]! += correct[i] ? 1 : 0;
  });
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b]! > 0) ece += Math.abs(acc[b]! - conf[b]!) / confidence.length;
  }
  return ece;
}
