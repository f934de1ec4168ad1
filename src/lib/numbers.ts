export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Round half away from zero to `digits` decimals (Python's round differs only on exact ties of binary floats). */
export function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f + (x >= 0 ? 1e-9 : -1e-9)) / f;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Parses "a..b" or "a,b,c" or "a" into a list of integers. */
export function parseIntList(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(-?\d+)\.\.(-?\d+)$/.exec(part);
    if (m) {
      const a = Number(m[1]);
      const b = Number(m[2]);
      for (let i = a; i <= b; i++) out.push(i);
    } else if (/^-?\d+$/.test(part)) {
      out.push(Number(part));
    } else {
      throw new RangeError(`not an integer or range: ${part}`);
    }
  }
  return out;
}
