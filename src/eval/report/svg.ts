/** Small inline SVG charts for the HTML report: no scripts, no external resources. All values are in [0, 1]. */

export const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const n = (x: number) => (Math.round(x * 10) / 10).toString();

export interface CiBar {
  label: string;
  value: number;
  lo: number;
  hi: number;
  color: string;
}

/** Horizontal bars on [0, 1] with confidence-interval whiskers (agent comparison). */
export function ciBarChart(cls: string, title: string, bars: readonly CiBar[], width = 640): string {
  const labelW = 200;
  const plotW = width - labelW - 60;
  const rowH = 28;
  const top = 28;
  const height = top + bars.length * rowH + 30;
  const x = (v: number) => labelW + Math.max(0, Math.min(1, v)) * plotW;
  const parts = [svgOpen(cls, title, width, height), `<text x="0" y="16" class="title">${escapeXml(title)}</text>`, axis(labelW, plotW, top + bars.length * rowH)];
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    parts.push(
      `<text x="${labelW - 8}" y="${y + 18}" text-anchor="end" class="label">${escapeXml(b.label)}</text>`,
      `<rect class="bar" data-value="${b.value.toFixed(4)}" x="${labelW}" y="${y + 5}" width="${n(x(b.value) - labelW)}" height="${rowH - 10}" fill="${b.color}"><title>${escapeXml(`${b.label}: ${b.value.toFixed(3)} [${b.lo.toFixed(3)}, ${b.hi.toFixed(3)}]`)}</title></rect>`,
      `<line class="ci" x1="${n(x(b.lo))}" x2="${n(x(b.hi))}" y1="${y + rowH / 2}" y2="${y + rowH / 2}" stroke="#111" stroke-width="1.5"/>`,
      `<line x1="${n(x(b.lo))}" x2="${n(x(b.lo))}" y1="${y + 8}" y2="${y + rowH - 8}" stroke="#111"/>`,
      `<line x1="${n(x(b.hi))}" x2="${n(x(b.hi))}" y1="${y + 8}" y2="${y + rowH - 8}" stroke="#111"/>`,
      `<text x="${n(x(Math.max(b.value, b.hi)) + 6)}" y="${y + 18}" class="value">${b.value.toFixed(3)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface Series {
  name: string;
  color: string;
  values: readonly number[];
}

/** Histogram of scores in ten bins of width 0.1, one bar per series in each bin. */
export function histogram(cls: string, title: string, series: readonly Series[], width = 640): string {
  const left = 40;
  const plotW = width - left - 20;
  const plotH = 160;
  const top = 28;
  const bins = 10;
  const counts = series.map((s) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of s.values) {
      const bin = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
      c[bin] = (c[bin] ?? 0) + 1;
    }
    return c;
  });
  const maxCount = Math.max(1, ...counts.flat());
  const binW = plotW / bins;
  const barW = (binW - 4) / Math.max(1, series.length);
  const parts = [svgOpen(cls, title, width, top + plotH + 40), `<text x="0" y="16" class="title">${escapeXml(title)}</text>`];
  parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" stroke="#999"/>`);
  for (let i = 0; i <= bins; i += 2) parts.push(`<text x="${n(left + i * binW)}" y="${top + plotH + 16}" text-anchor="middle" class="tick">${(i / bins).toFixed(1)}</text>`);
  parts.push(`<text x="${left - 6}" y="${top + 10}" text-anchor="end" class="tick">${maxCount}</text>`, `<text x="${left - 6}" y="${top + plotH}" text-anchor="end" class="tick">0</text>`);
  counts.forEach((c, si) => {
    c.forEach((count, bi) => {
      if (count === 0) return;
      const h = (count / maxCount) * plotH;
      const s = series[si] as Series;
      parts.push(`<rect class="bar" data-value="${count}" x="${n(left + bi * binW + 2 + si * barW)}" y="${n(top + plotH - h)}" width="${n(barW)}" height="${n(h)}" fill="${s.color}"><title>${escapeXml(`${s.name}: ${count} episode(s) scoring ${(bi / bins).toFixed(1)}–${((bi + 1) / bins).toFixed(1)}`)}</title></rect>`);
    });
  });
  parts.push(legend(series, left, top + plotH + 32), '</svg>');
  return parts.join('');
}

/** Grouped horizontal bars: one group per category (criterion), one bar per series (agent). */
export function groupedBars(cls: string, title: string, categories: readonly string[], series: readonly { name: string; color: string; values: readonly (number | null)[] }[], width = 640): string {
  const labelW = 160;
  const plotW = width - labelW - 60;
  const barH = 14;
  const groupH = Math.max(1, series.length) * barH + 10;
  const top = 28;
  const height = top + categories.length * groupH + 46;
  const parts = [svgOpen(cls, title, width, height), `<text x="0" y="16" class="title">${escapeXml(title)}</text>`, axis(labelW, plotW, top + categories.length * groupH)];
  categories.forEach((cat, ci) => {
    const y0 = top + ci * groupH;
    parts.push(`<text x="${labelW - 8}" y="${y0 + groupH / 2 + 4}" text-anchor="end" class="label">${escapeXml(cat)}</text>`);
    series.forEach((s, si) => {
      const v = s.values[ci];
      if (v === null || v === undefined) return;
      const y = y0 + 4 + si * barH;
      parts.push(
        `<rect class="bar" data-value="${v.toFixed(4)}" x="${labelW}" y="${y}" width="${n(Math.max(0, Math.min(1, v)) * plotW)}" height="${barH - 2}" fill="${s.color}"><title>${escapeXml(`${s.name} · ${cat}: ${v.toFixed(3)}`)}</title></rect>`,
        `<text x="${n(labelW + Math.max(0, Math.min(1, v)) * plotW + 4)}" y="${y + barH - 4}" class="value">${v.toFixed(2)}</text>`,
      );
    });
  });
  parts.push(legend(series, labelW, top + categories.length * groupH + 38), '</svg>');
  return parts.join('');
}

function svgOpen(cls: string, title: string, width: number, height: number): string {
  return `<svg class="chart ${cls}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`;
}

function axis(left: number, plotW: number, bottom: number): string {
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const x = n(left + (i / 4) * plotW);
    parts.push(`<line x1="${x}" x2="${x}" y1="24" y2="${bottom}" stroke="#e5e7eb"/>`, `<text x="${x}" y="${bottom + 14}" text-anchor="middle" class="tick">${(i / 4).toFixed(2)}</text>`);
  }
  return parts.join('');
}

function legend(series: readonly { name: string; color: string }[], x0: number, y: number): string {
  let x = x0;
  return series
    .map((s) => {
      const item = `<rect x="${n(x)}" y="${y - 9}" width="10" height="10" fill="${s.color}"/><text x="${n(x + 14)}" y="${y}" class="legend">${escapeXml(s.name)}</text>`;
      x += 24 + s.name.length * 7;
      return item;
    })
    .join('');
}
