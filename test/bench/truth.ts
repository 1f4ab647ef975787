// Did an analysis find the cascade the generator embedded? A fast wrong answer is no answer: every
// file must be read whole in its own format, and the stages, hosts and first times must be the ones
// the generator wrote (test/bench/generate.ts `truth`).
import { STAGE_IDS } from '../../parsers/stages.ts';
import type { Incident } from '../../workers/incident.ts';
import type { Generated } from './generate.ts';

export interface TruthCheck {
  ok: boolean;
  /** What differs, one sentence each (empty when ok). */
  problems: string[];
  /** How many facts were compared. */
  checked: number;
}

export interface CheckOptions {
  /** Whether the files say their host and wall-clock time (the bundle), or not (the lone kernel log). */
  placed: boolean;
  /** How far a first time may be from the truth: second-resolution copies (journal, `dmesg -T`) may win. */
  toleranceSeconds?: number;
}

const seconds = (iso: string) =>
  Date.parse(iso) / 1000 + Number(`0.${/\.\d{3}(\d+)Z$/.exec(iso)?.[1] ?? '0'}`) / 1000;
const noSpace = (s: string) => s.replace(/\s+/g, '');

export function checkIncident(incident: Incident, g: Generated, opts: CheckOptions): TruthCheck {
  const problems: string[] = [];
  let checked = 0;
  const expect = (ok: boolean, problem: string) => {
    checked++;
    if (!ok) problems.push(problem);
  };
  const tolerance = opts.toleranceSeconds ?? 2;

  for (const f of g.files) {
    const src = incident.sources.find((s) => s.path === f.path || s.path.endsWith(`/${f.path}`));
    expect(src !== undefined, `${f.path}: not among the sources analysed`);
    if (!src) continue;
    expect(src.format === f.format, `${f.path}: read as ${src.format}, written as ${f.format}`);
    expect(src.lines === f.lines, `${f.path}: ${src.lines} lines read of ${f.lines}`);
    expect(src.unparsed === 0, `${f.path}: ${src.unparsed} lines not understood`);
    expect(!src.error, `${f.path}: ${src.error}`);
    if (opts.placed) expect(src.host === f.host, `${f.path}: host ${src.host}, written by ${f.host}`);
  }
  expect(
    incident.sources.length === g.files.length,
    `${incident.sources.length} sources analysed, ${g.files.length} written`,
  );

  for (const id of STAGE_IDS) {
    const want = g.truth.stages[id];
    const got = incident.stages.find((s) => s.id === id);
    expect(got !== undefined, `stage ${id} missing from the incident`);
    if (!got) continue;
    expect(got.count === want.count, `${id}: ${got.count} events, ${want.count} written`);
    expect(
      got.recoveries === want.recoveries,
      `${id}: ${got.recoveries} recoveries, ${want.recoveries} written`,
    );
    if (opts.placed) {
      const hosts = [...got.hosts].sort().join(', ');
      expect(
        hosts === want.hosts.join(', '),
        `${id}: hosts ${hosts || 'none'}, written on ${want.hosts.join(', ') || 'none'}`,
      );
      if (want.first !== null) {
        const off =
          got.first === null ? Number.POSITIVE_INFINITY : Math.abs(seconds(got.first) - seconds(want.first));
        expect(off <= tolerance, `${id}: first at ${got.first}, written at ${want.first}`);
      }
    } else if (want.firstStamp !== null) {
      // No wall clock: the first event of the stage is told by its own stamp.
      const first = incident.events
        .filter((e) => e.stage === id)
        .reduce<(typeof incident.events)[number] | null>(
          (a, e) => (a === null || e.line < a.line ? e : a),
          null,
        );
      expect(
        first !== null && noSpace(first.stamp) === noSpace(want.firstStamp),
        `${id}: first stamp ${first?.stamp ?? 'none'}, written ${want.firstStamp}`,
      );
    }
  }

  if (opts.placed) {
    for (const [host, stages] of Object.entries(g.truth.hosts)) {
      const got = incident.hosts.find((h) => h.name === host);
      expect(got !== undefined, `host ${host} missing`);
      if (!got) continue;
      for (const [id, want] of Object.entries(stages)) {
        const n = got.stages[id as keyof typeof got.stages]?.count ?? 0;
        expect(n === want.count, `${host} ${id}: ${n} events, ${want.count} written`);
      }
    }
    const episodes = incident.episodes ?? [];
    expect(episodes.length === 1, `${episodes.length} episodes, 1 written`);
    const order = episodes[0]?.hostOrder.map((h) => h.host).join(', ') ?? '';
    expect(
      order === g.truth.hostOrder.join(', '),
      `hosts fell in the order ${order}, written ${g.truth.hostOrder.join(', ')}`,
    );
  }
  return { ok: problems.length === 0, problems, checked };
}
