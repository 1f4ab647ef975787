// The declared cascade tested as data: stages, links, windows and rule ids must stay consistent
// with parsers/stages.ts and the rule catalog.
import { describe, expect, it } from 'vitest';
import { BURST_SECONDS, CASCADE } from './cascade.ts';
import { RULES, ruleById } from './rules.ts';
import { STAGE_IDS } from './stages.ts';

const { links, fit, order } = CASCADE;

describe('CASCADE order', () => {
  it('lists each of the seven stages exactly once', () => {
    expect([...order].sort()).toEqual([...STAGE_IDS].sort());
  });

  it('puts every stage after the stage it links from, unless the link lets it lead', () => {
    for (const l of links) {
      if (l.minSeconds < -BURST_SECONDS) continue;
      expect(order.indexOf(l.from), l.id).toBeLessThan(order.indexOf(l.to));
    }
  });
});

describe('CASCADE links', () => {
  it('have unique ids, valid stages and a named source', () => {
    expect(new Set(links.map((l) => l.id)).size).toBe(links.length);
    for (const l of links) {
      expect(STAGE_IDS, l.id).toContain(l.from);
      expect(STAGE_IDS, l.id).toContain(l.to);
      expect(l.from, l.id).not.toBe(l.to);
      expect(l.source.length, l.id).toBeGreaterThan(20);
    }
  });

  it('have positive windows that contain some positive delay', () => {
    for (const l of links) {
      expect(l.maxSeconds, l.id).toBeGreaterThan(0);
      expect(l.maxSeconds, l.id).toBeGreaterThan(l.minSeconds);
      expect(Number.isFinite(l.minSeconds) && Number.isFinite(l.maxSeconds), l.id).toBe(true);
    }
  });

  it('form a tree from the trigger that reaches every stage', () => {
    expect(links.filter((l) => l.to === fit.trigger)).toEqual([]);
    for (const s of STAGE_IDS) {
      if (s !== fit.trigger) expect(links.filter((l) => l.to === s).length, s).toBe(1);
    }
    const reached = new Set([fit.trigger]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const l of links) {
        if (reached.has(l.from) && !reached.has(l.to)) {
          reached.add(l.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...STAGE_IDS].sort());
  });
});

describe('CASCADE fit', () => {
  it('anchors on a link from the trigger to the anchor stage', () => {
    const l = links.find((x) => x.id === fit.anchorLink);
    expect(l?.from).toBe(fit.trigger);
    expect(l?.to).toBe(fit.anchor);
  });

  it('names existing non-recovery rules of the anchor stage, each as proof or attempt, none twice', () => {
    const all = [...fit.proofKinds, ...fit.attemptKinds];
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) {
      const rule = ruleById(id);
      expect(rule.stage, id).toBe(fit.anchor);
      expect(rule.recovery, id).toBe(false);
    }
    // A new rule in the anchor stage must be classed here before it can prove (or not) an eviction.
    const stageRules = RULES.filter((r) => r.stage === fit.anchor && !r.recovery).map((r) => r.id);
    expect([...all].sort()).toEqual(stageRules.sort());
  });

  it('asks for at least one and at most all of the other stages', () => {
    expect(fit.minFurtherStages).toBeGreaterThanOrEqual(1);
    expect(fit.minFurtherStages).toBeLessThanOrEqual(STAGE_IDS.length - 2);
  });

  it('separates episodes by a gap longer than the longest window', () => {
    const longest = Math.max(...links.map((l) => l.maxSeconds));
    expect(CASCADE.episodeGapSeconds).toBeGreaterThan(longest);
  });
});
