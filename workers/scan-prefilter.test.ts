// The per-line shortcuts of the scan give exactly what their plain definitions give: the keyword
// alternation agrees with one `includes` per catalog keyword, and the message key with squeezing
// every whitespace run, on real lines, every keyword, and random strings of awkward characters.
import { describe, expect, it } from 'vitest';
import { PREFILTER_KEYWORDS } from '../parsers/rules.ts';
import { Rng } from '../test/support/rng.ts';
import { mayMatch, messageKey } from './scan.ts';

const byIncludes = (msg: string) => PREFILTER_KEYWORDS.some((k) => msg.includes(k));
const byReplace = (msg: string) => msg.replace(/\s+/g, ' ').trim();

const REAL = [
  'libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)',
  'ceph: mds0 hung',
  'ceph:  dropping dirty Fw state for ffff9d9085da1340 1099512175611',
  'IPv6: ADDRCONF(NETDEV_UP): veth1a2b: link is not ready',
  'E1112 10:20:13.406552    1187 kubelet_volumes.go:66] pod "36f8da4d" found, but error occurred during checking mounted volumes from disk',
  ' leading and trailing ',
  'tabs\tand\u00a0no-break\u2003spaces',
  '',
];

function randomText(r: Rng): string {
  const parts = [
    ' ',
    '  ',
    '\t',
    '\u00a0',
    '\u2028',
    'a',
    'ceph',
    'hung',
    'file exists',
    '(',
    '[',
    '\\',
    '.',
    '$',
    '"',
  ];
  let s = '';
  for (let i = r.int(0, 12); i > 0; i--) s += parts[r.int(0, parts.length - 1)];
  return s;
}

describe('scan shortcuts', () => {
  it('the keyword alternation matches exactly when some keyword is included', () => {
    for (const k of PREFILTER_KEYWORDS) {
      expect(mayMatch(`x ${k} y`), k).toBe(true);
      expect(mayMatch(k.slice(1)), k.slice(1)).toBe(byIncludes(k.slice(1)));
    }
    for (const line of REAL) expect(mayMatch(line), line).toBe(byIncludes(line));
    const r = new Rng(7);
    for (let i = 0; i < 5000; i++) {
      const s = randomText(r);
      expect(mayMatch(s), JSON.stringify(s)).toBe(byIncludes(s));
    }
  });

  it('the message key equals squeezing every whitespace run and trimming', () => {
    for (const line of REAL) expect(messageKey(line)).toBe(byReplace(line));
    const r = new Rng(11);
    for (let i = 0; i < 5000; i++) {
      const s = randomText(r);
      expect(messageKey(s), JSON.stringify(s)).toBe(byReplace(s));
    }
  });
});
