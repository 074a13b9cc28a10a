/**
 * Deterministic numbers for the emulator: everything "random" (row counts, failing tables, faults, ids) is a
 * hash of the run seed and some names, so a run is reproducible from its seed.
 */

/** 32-bit FNV-1a over the parts (joined with a separator), then a murmur3 finalizer. */
export function hash32(seed: number, ...parts: Array<string | number>): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) from the seed and parts. */
export function unit(seed: number, ...parts: Array<string | number>): number {
  return hash32(seed, ...parts) / 4294967296;
}

/** An integer in [min, max] from the seed and parts. */
export function intBetween(min: number, max: number, seed: number, ...parts: Array<string | number>): number {
  return min + (hash32(seed, ...parts) % (max - min + 1));
}

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A lowercase alphanumeric id of `length` characters, e.g. `k71r16fj13g`. */
export function idFrom(length: number, seed: number, ...parts: Array<string | number>): string {
  let out = "";
  for (let i = 0; out.length < length; i++) {
    let h = hash32(seed, ...parts, i);
    for (let j = 0; j < 5 && out.length < length; j++) {
      out += ALNUM[h % 36];
      h = Math.floor(h / 36);
    }
  }
  // Real ids start with a letter.
  return out[0] && /[0-9]/.test(out[0]) ? ALNUM[hash32(seed, ...parts, "first") % 26] + out.slice(1) : out;
}
