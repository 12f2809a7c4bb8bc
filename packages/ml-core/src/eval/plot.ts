/**
 * A small self-contained SVG chart of Recall@K and NDCG@K per model (two panels, one line
 * per model over K). Written by hand rather than with a charting library: vega-lite 6 needs
 * Node ≥ 22, and vega 5 / d3 + jsdom would add dozens of packages for one static chart.
 */

/** One model's series: label and its metrics (`recall@K`, `ndcg@K`). */
export interface PlotSeries {
  label: string;
  metrics: Record<string, number>;
}

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A "nice" upper bound for an axis (1, 2, 2.5 or 5 × 10^n) at or above `v`. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v - 1e-12) return m * p;
  return 10 * p;
}

/**
 * Renders the chart as an SVG document: left panel Recall@K, right panel NDCG@K, x = the
 * cut-offs `ks`, y from 0 to a nice bound over all values; legend below.
 */
export function renderMetricsSvg(series: readonly PlotSeries[], ks: readonly number[], title = 'Recall@K and NDCG@K'): string {
  const panelW = 380;
  const panelH = 260;
  const margin = { left: 60, top: 50, gap: 70 };
  const legendRows = Math.ceil(series.length / 2);
  const width = margin.left + 2 * panelW + margin.gap + 20;
  const height = margin.top + panelH + 50 + legendRows * 20 + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="16">${esc(title)}</text>`,
  ];
  const sortedK = [...ks].sort((a, b) => a - b);
  for (const [p, metric] of ['recall', 'ndcg'].entries()) {
    const x0 = margin.left + p * (panelW + margin.gap);
    const y0 = margin.top;
    const values = series.flatMap((s) => sortedK.map((k) => s.metrics[`${metric}@${k}`] ?? 0));
    const yMax = niceCeil(Math.max(0, ...values));
    const xOf = (i: number) => x0 + (sortedK.length === 1 ? panelW / 2 : (i * panelW) / (sortedK.length - 1));
    const yOf = (v: number) => y0 + panelH - (v / yMax) * panelH;
    out.push(`<text x="${x0 + panelW / 2}" y="${y0 - 10}" text-anchor="middle" font-size="14">${metric === 'recall' ? 'Recall@K' : 'NDCG@K'}</text>`);
    out.push(`<rect x="${x0}" y="${y0}" width="${panelW}" height="${panelH}" fill="none" stroke="#999"/>`);
    for (let t = 0; t <= 5; t++) {
      const v = (yMax * t) / 5;
      const y = yOf(v);
      out.push(`<line x1="${x0}" x2="${x0 + panelW}" y1="${y}" y2="${y}" stroke="#eee"/>`);
      out.push(`<text x="${x0 - 6}" y="${y + 4}" text-anchor="end">${+v.toFixed(4)}</text>`);
    }
    sortedK.forEach((k, i) => out.push(`<text x="${xOf(i)}" y="${y0 + panelH + 18}" text-anchor="middle">K=${k}</text>`));
    series.forEach((s, m) => {
      const colour = PALETTE[m % PALETTE.length];
      const pts = sortedK.map((k, i) => `${xOf(i).toFixed(1)},${yOf(s.metrics[`${metric}@${k}`] ?? 0).toFixed(1)}`);
      out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
      for (const pt of pts) {
        const [cx, cy] = pt.split(',');
        out.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${colour}"><title>${esc(s.label)}</title></circle>`);
      }
    });
  }
  const ly = margin.top + panelH + 45;
  series.forEach((s, m) => {
    const x = margin.left + (m % 2) * (panelW + margin.gap);
    const y = ly + Math.floor(m / 2) * 20;
    out.push(`<rect x="${x}" y="${y - 9}" width="14" height="10" fill="${PALETTE[m % PALETTE.length]}"/>`);
    out.push(`<text x="${x + 20}" y="${y}">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
