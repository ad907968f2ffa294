// Frame-level ROC: the area under the curve (ties counted half) and the curve's points, for evaluation on
// labelled footage.

export interface RocPoint {
  threshold: number;
  /** Share of positive frames scored above the threshold (recall). */
  tpr: number;
  /** Share of negative frames scored above the threshold. */
  fpr: number;
}

/** Mann-Whitney form of the AUC: the chance that a positive frame outscores a negative one. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>): number {
  const idx = [...Array(scores.length).keys()].sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && scores[idx[j]!] === scores[idx[i]!]) j++;
    const rank = (i + j + 1) / 2; // tied scores share their mean rank
    for (let k = i; k < j; k++) {
      if (!labels[idx[k]!]) continue;
      rankSum += rank;
      pos++;
    }
    i = j;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) throw new Error('rocAuc: needs both positive and negative frames');
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Points from the highest threshold down (each distinct score once), starting at (0, 0). */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>): RocPoint[] {
  const idx = [...Array(scores.length).keys()].sort((a, b) => scores[b]! - scores[a]!);
  let pos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) pos++;
  const neg = labels.length - pos;
  const out: RocPoint[] = [{ threshold: Number.POSITIVE_INFINITY, tpr: 0, fpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < idx.length; ) {
    const t = scores[idx[i]!]!;
    for (; i < idx.length && scores[idx[i]!] === t; i++) {
      if (labels[idx[i]!]) tp++;
      else fp++;
    }
    out.push({ threshold: t, tpr: pos ? tp / pos : 0, fpr: neg ? fp / neg : 0 });
  }
  return out;
}

/** Recall and false-positive rate of frames scored strictly above `threshold`. */
export function operatingPoint(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>, threshold: number) {
  let tp = 0;
  let fp = 0;
  let pos = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i]) pos++;
    if (scores[i]! <= threshold) continue;
    if (labels[i]) tp++;
    else fp++;
  }
  const neg = scores.length - pos;
  return { threshold, recall: pos ? tp / pos : 0, fpr: neg ? fp / neg : 0 };
}
