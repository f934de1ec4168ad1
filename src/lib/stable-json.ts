/**
 * Canonical JSON: object keys sorted, no whitespace, -0 written as 0, non-finite numbers rejected.
 * Two values are "byte-identical" in Firedrill when their canonical JSON strings are equal.
 */
export function stableStringify(value: unknown): string {
  return write(value);
}

function write(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`non-finite number in canonical JSON: ${value}`);
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'undefined':
      return 'null';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(write).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(obj[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`cannot serialise ${typeof value} to canonical JSON`);
  }
}

/** Deep copy through JSON; the episode state is plain JSON by contract. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
