// Every stage card says why its stage follows another: the table in app/stages must name every stage,
// and follow the links of the declared cascade (parsers/cascade.ts, which app/ may not import).
import { describe, expect, it } from 'vitest';
import { rovingTarget } from '../../app/stages/roving.ts';
import { STAGE_WHY } from '../../app/stages/stage-why.ts';
import { CASCADE } from '../../parsers/cascade.ts';
import { STAGE_IDS } from '../../parsers/stages.ts';

describe('STAGE_WHY', () => {
  it('has exactly the stage ids', () => {
    expect(Object.keys(STAGE_WHY).sort()).toEqual([...STAGE_IDS].sort());
  });

  it('starts at the trigger, and every other stage follows the stage its cascade link comes from', () => {
    expect(STAGE_WHY[CASCADE.fit.trigger].follows).toBeNull();
    for (const id of STAGE_IDS) {
      if (id === CASCADE.fit.trigger) continue;
      const link = CASCADE.links.find((l) => l.to === id);
      expect(link, `a cascade link into ${id}`).toBeDefined();
      expect(STAGE_WHY[id].follows, id).toBe(link?.from);
    }
  });

  it('follows only stages that come earlier in cascade order', () => {
    for (const id of STAGE_IDS) {
      const follows = STAGE_WHY[id].follows;
      if (follows === null) continue;
      expect(STAGE_IDS.indexOf(follows), id).toBeLessThan(STAGE_IDS.indexOf(id));
    }
  });

  it('gives a reason for each', () => {
    for (const id of STAGE_IDS) expect(STAGE_WHY[id].because.length, id).toBeGreaterThan(40);
  });
});

describe('rovingTarget', () => {
  it('moves with the arrow keys and stops at the ends', () => {
    expect(rovingTarget('ArrowRight', 0, 7)).toBe(1);
    expect(rovingTarget('ArrowDown', 5, 7)).toBe(6);
    expect(rovingTarget('ArrowRight', 6, 7)).toBe(6);
    expect(rovingTarget('ArrowLeft', 3, 7)).toBe(2);
    expect(rovingTarget('ArrowUp', 0, 7)).toBe(0);
    expect(rovingTarget('Home', 4, 7)).toBe(0);
    expect(rovingTarget('End', 1, 7)).toBe(6);
  });

  it('ignores other keys and empty lists', () => {
    expect(rovingTarget('Enter', 2, 7)).toBeNull();
    expect(rovingTarget('a', 2, 7)).toBeNull();
    expect(rovingTarget('ArrowRight', 0, 0)).toBeNull();
  });
});
