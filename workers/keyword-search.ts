// Finding the next of many keywords in a long text, faster than one regex alternation: the
// Wu–Manber method. A window as long as the shortest keyword slides over the text; a table says,
// from the last three characters under it (hashed), how far it may jump without passing over any
// keyword's start. On log noise it jumps most of a window per look, so most characters are never read.
// Keywords too short for a long window (` hung`) are found by the engine's own `indexOf` instead,
// remembered per text so that each is looked for once per occurrence.
//
// Example:
//   const words = new KeywordSearch(['caps stale', ' hung']);
//   words.next('ceph: mds0 hung', 0)  // → 10, where ' hung' starts

/** Blocks are the last three characters under the window, hashed to this many bits. */
const HASH_BITS = 15;
const MASK = (1 << HASH_BITS) - 1;
const BLOCK = 3;

/** Hash of the block of three characters that ends at `i`; two blocks may share one (only shifts shrink). */
function blockAt(text: string, i: number): number {
  return ((text.charCodeAt(i - 2) * 1009) ^ (text.charCodeAt(i - 1) * 31) ^ text.charCodeAt(i)) & MASK;
}

/** Keywords shorter than this are searched with `indexOf`: the window is as long as the shortest of the rest. */
const SHORT = 8;

export class KeywordSearch {
  private readonly short: string[];
  /** Each short keyword without its leading spaces, and how many there were (findShort). */
  private readonly shortCore: string[];
  private readonly shortLead: number[];
  /**
   * For the text last searched: the first occurrence of each short keyword at or after `shortFrom`
   * (-1: none), valid for a later search from at or after shortFrom (a search restarted from an
   * earlier place, or on another text, looks again).
   */
  private shortText: string | undefined;
  private readonly shortNext: number[];
  private readonly shortFrom: number[];
  /** Length of the shortest long keyword: the window (0: no long keyword). */
  private readonly window: number;
  /** Safe jump for each block hash ending the window (0: a keyword may end its window here). */
  private readonly shift: Uint8Array;
  /** Keywords whose first `window` characters end with a block, by block. */
  private readonly byBlock = new Map<number, string[]>();

  constructor(keywords: readonly string[]) {
    const words = [...new Set(keywords)];
    if (words.length === 0 || words.includes('')) throw new Error('KeywordSearch needs keywords, none empty');
    this.short = words.filter((w) => w.length < SHORT);
    this.shortCore = this.short.map((w) => w.trimStart());
    this.shortLead = this.short.map((w) => w.length - w.trimStart().length);
    this.shortNext = this.short.map(() => -1);
    this.shortFrom = this.short.map(() => Number.POSITIVE_INFINITY);
    const long = words.filter((w) => w.length >= SHORT);
    const m = long.length > 0 ? Math.min(...long.map((w) => w.length)) : 0;
    this.window = m;
    this.shift = new Uint8Array(MASK + 1).fill(Math.min(255, Math.max(1, m - BLOCK + 1)));
    for (const w of long) {
      for (let j = BLOCK - 1; j < m; j++) {
        const block = blockAt(w, j);
        const s = m - 1 - j;
        if (s < (this.shift[block] as number)) this.shift[block] = s;
      }
      const last = blockAt(w, m - 1);
      const list = this.byBlock.get(last);
      if (list) list.push(w);
      else this.byBlock.set(last, [w]);
    }
  }

  /** Index where the first keyword occurrence starting at or after `from` begins, or -1. */
  next(text: string, from: number): number {
    const long = this.window > 0 ? this.nextLong(text, from) : -1;
    if (this.short.length === 0) return long;
    if (text !== this.shortText) {
      this.shortText = text;
      this.shortFrom.fill(Number.POSITIVE_INFINITY);
    }
    let best = long;
    for (let k = 0; k < this.short.length; k++) {
      let at = this.shortNext[k] as number;
      if (from < (this.shortFrom[k] as number) || (at !== -1 && at < from)) {
        at = this.findShort(text, k, from);
        this.shortNext[k] = at;
        this.shortFrom[k] = from;
      }
      if (at !== -1 && (best === -1 || at < best)) best = at;
    }
    return best;
  }

  /** Whether `text` holds any keyword: for many short texts (one message each), with nothing remembered. */
  includesAny(text: string): boolean {
    if (this.window > 0 && this.nextLong(text, 0) !== -1) return true;
    for (let k = 0; k < this.short.length; k++) if (this.findShort(text, k, 0) !== -1) return true;
    return false;
  }

  /**
   * `text.indexOf(word, from)` for short keyword `k`, but a leading space is not what is looked
   * for: the engine's search stops at each place its first character occurs, and spaces are
   * everywhere in a log.
   */
  private findShort(text: string, k: number, from: number): number {
    const word = this.short[k] as string;
    const core = this.shortCore[k] as string;
    const lead = this.shortLead[k] as number;
    if (lead === 0 || core.length === 0) return text.indexOf(word, from);
    for (let at = text.indexOf(core, from + lead); at !== -1; at = text.indexOf(core, at + 1)) {
      if (text.startsWith(word, at - lead)) return at - lead;
    }
    return -1;
  }

  private nextLong(text: string, from: number): number {
    const m = this.window;
    const shift = this.shift;
    const n = text.length;
    let pos = from + m - 1;
    while (pos < n) {
      const block = blockAt(text, pos);
      const s = shift[block] as number;
      if (s > 0) {
        pos += s;
        continue;
      }
      const start = pos - m + 1;
      for (const w of this.byBlock.get(block) ?? []) if (text.startsWith(w, start)) return start;
      pos++;
    }
    return -1;
  }
}
