// The sparse line-offset index stays bounded however long the file: past MAX_CHECKPOINTS entries,
// every other one goes and the spacing doubles, and what is kept is still every N-th line with its
// byte offset and the last stamp before it.
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_LINES, checkpoint, MAX_CHECKPOINTS, newScan } from './scan.ts';

describe('checkpoints', () => {
  it('are every CHECKPOINT_LINES lines in a short file', () => {
    const scan = newScan('f', 'dmesg', 0);
    for (let line = 1; line <= 10 * CHECKPOINT_LINES; line++) {
      checkpoint(scan, line, line * 100);
      scan.lastStamp = { mono: line, line };
    }
    expect(scan.checkpoints.map((c) => c.line)).toEqual(
      Array.from({ length: 10 }, (_, i) => 1 + i * CHECKPOINT_LINES),
    );
    expect(scan.checkpoints[1]).toEqual({
      line: 1 + CHECKPOINT_LINES,
      offset: (1 + CHECKPOINT_LINES) * 100,
      stamp: { mono: CHECKPOINT_LINES, line: CHECKPOINT_LINES },
    });
  });

  it('never number more than MAX_CHECKPOINTS, thinning to a doubled spacing', () => {
    const scan = newScan('f', 'dmesg', 0);
    const lines = 5 * MAX_CHECKPOINTS * CHECKPOINT_LINES + 17;
    let most = 0;
    for (let line = 1; line <= lines; line++) {
      checkpoint(scan, line, line * 10);
      scan.lastStamp = { mono: line, line };
      most = Math.max(most, scan.checkpoints.length);
    }
    expect(most).toBe(MAX_CHECKPOINTS);
    const every = scan.track.checkpointEvery as number;
    expect(every).toBe(8 * CHECKPOINT_LINES);
    expect(scan.checkpoints.length).toBeLessThanOrEqual(MAX_CHECKPOINTS);
    expect(scan.checkpoints.length).toBeGreaterThan(MAX_CHECKPOINTS / 2);
    scan.checkpoints.forEach((c, i) => {
      expect(c.line).toBe(1 + i * every);
      expect(c.offset).toBe(c.line * 10);
      if (i > 0) expect(c.stamp).toEqual({ mono: c.line - 1, line: c.line - 1 });
    });
  });
});
