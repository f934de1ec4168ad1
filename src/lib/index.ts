export { Rng, seedPrng, nextUint32, type PrngState } from './prng.js';
export { fnv1a, mix, unit, digest } from './hash.js';
export { stableStringify, cloneJson } from './stable-json.js';
export { clamp, round, mean, parseIntList } from './numbers.js';
