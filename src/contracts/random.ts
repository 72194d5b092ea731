/**
 * mulberry32, a small seeded generator of uniform numbers in [0, 1): the same state gives the same
 * stream. Callers derive the state from their seed each their own way (kept, so their streams stay).
 */
export function mulberry32(state: number): () => number {
  let a = state;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
