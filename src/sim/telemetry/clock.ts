import type { Stamp } from '../technology/pack.js';

/** Wall-clock labels for simulated minutes, computed without Date (the core has no wall clock). */
const minuteLabels = new Map<string, string>();

export function clockLabel(onsetDate: string, onsetTime: string, minute: number, second = 0): string {
  const key = `${onsetDate}T${onsetTime}+${minute}`;
  let prefix = minuteLabels.get(key);
  if (prefix === undefined) {
    const [y, mo, d] = onsetDate.split('-').map(Number) as [number, number, number];
    const [hh, mm] = onsetTime.split(':').map(Number) as [number, number];
    const total = hh * 60 + mm + Math.floor(minute);
    const dayOffset = Math.floor(total / 1440);
    const inDay = total - dayOffset * 1440;
    const [cy, cm, cd] = civilFromDays(daysFromCivil(y, mo, d) + dayOffset);
    prefix = `${cy}-${pad(cm)}-${pad(cd)}T${pad(Math.floor(inDay / 60))}:${pad(inDay % 60)}`;
    if (minuteLabels.size > 50_000) minuteLabels.clear();
    minuteLabels.set(key, prefix);
  }
  return `${prefix}:${pad(second)}Z`;
}

/** The pieces of a log timestamp for `second` (and `ms`, `us` within it) of a simulated minute. */
export function stampAt(onsetDate: string, onsetTime: string, minute: number, second: number, ms: number, usWithinMs: number): Stamp {
  const label = clockLabel(onsetDate, onsetTime, minute, second);
  const [y, mo, d] = onsetDate.split('-').map(Number) as [number, number, number];
  const [hh, mm] = onsetTime.split(':').map(Number) as [number, number];
  const epochSeconds = (daysFromCivil(y, mo, d) * 1440 + hh * 60 + mm + Math.floor(minute)) * 60 + second;
  return { date: label.slice(0, 10), time: label.slice(11, 19), ms, us: ms * 1000 + usWithinMs, epoch_ms: epochSeconds * 1000 + ms };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

// Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** "T+12" style offset from onset. */
export function offsetLabel(minute: number): string {
  return minute >= 0 ? `T+${minute}` : `T${minute}`;
}
