/** 32-bit FNV-1a over a string's UTF-16 code units. Pure and fast; used for seeded telemetry choices. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Mixes several integers into one uint32 (splitmix-style finaliser). */
export function mix(...parts: number[]): number {
  let h = 0x6a09e667;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Uniform in [0,1) from a hash. */
export function unit(h: number): number {
  return (h >>> 0) / 0x100000000;
}

/** A 64-bit (two FNV lanes) hex digest of a string, for canonical content hashes. */
export function digest(text: string): string {
  const a = fnv1a(text);
  const b = fnv1a(text, 0x01000193 ^ a);
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
