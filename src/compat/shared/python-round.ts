/**
 * Python's `round(x, digits)`: the exact binary value of `x` rounded to `digits` decimals, ties to even.
 * The originals compute every score with it, so parity needs the same answer on values such as 0.1175
 * (stored as 0.11749999…, which Python rounds down where a naive `Math.round(x * 1000)` rounds up).
 */
export function pyRound(x: number, digits = 0): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const negative = x < 0;
  // toFixed(100) prints the exact decimal expansion for every magnitude a score can have.
  const exact = Math.abs(x).toFixed(100);
  const [whole = '0', fraction = ''] = exact.split('.');
  const kept = whole + fraction.slice(0, digits);
  const rest = fraction.slice(digits);
  const first = rest[0] ?? '0';
  let up: boolean;
  if (first > '5') up = true;
  else if (first < '5') up = false;
  else if (/[1-9]/.test(rest.slice(1))) up = true;
  else up = Number(kept[kept.length - 1] ?? '0') % 2 === 1;
  let digitsValue = BigInt(kept);
  if (up) digitsValue += 1n;
  const text = digitsValue.toString().padStart(digits + 1, '0');
  const value = Number(digits === 0 ? text : `${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}`);
  return negative ? -value : value;
}
