import { randomBytes, randomUUID } from 'node:crypto';

/** 32-bit integer hash (a murmur3-style finaliser): the same input always gives the same output. */
export function hash32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hash of several integers, order-sensitive. */
export function hashOf(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) h = hash32(h ^ hash32(v));
  return h;
}

/** A small seeded generator (mulberry32), so every sandbox with the same seed holds the same tenant. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = hash32(seed) || 0x9e3779b9;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  guid(): string {
    return guidFromWords(this.word(), this.word(), this.word(), this.word());
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }

  private word(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

function hex8(word: number): string {
  return (word >>> 0).toString(16).padStart(8, '0');
}

/** A version-4-shaped GUID whose first 8 hex digits are exactly `a`. */
export function guidFromWords(a: number, b: number, c: number, d: number): string {
  const bh = hex8(b);
  const ch = hex8(c);
  const variant = '89ab'[c >>> 30] as string;
  return `${hex8(a)}-${bh.slice(0, 4)}-4${bh.slice(5, 8)}-${variant}${ch.slice(1, 4)}-${ch.slice(4, 8)}${hex8(d)}`;
}

/** A keyed 32-bit permutation (4-round Feistel), so an index can hide in a GUID and be read back. */
export function permute32(value: number, key: number): number {
  let left = (value >>> 16) & 0xffff;
  let right = value & 0xffff;
  for (let round = 0; round < 4; round++) {
    const next = left ^ (hashOf(right, key, round) & 0xffff);
    left = right;
    right = next;
  }
  return ((left << 16) | right) >>> 0;
}

export function unpermute32(value: number, key: number): number {
  let left = (value >>> 16) & 0xffff;
  let right = value & 0xffff;
  for (let round = 3; round >= 0; round--) {
    const previous = right ^ (hashOf(left, key, round) & 0xffff);
    right = left;
    left = previous;
  }
  return ((left << 16) | right) >>> 0;
}

/** An opaque random string for tokens and codes (not seeded: secrets must not be predictable). */
export function opaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function newGuid(): string {
  return randomUUID();
}
