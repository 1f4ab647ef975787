// Valibot schemas of a share link's content. A link is hostile input: every field is typed and
// bounded (lengths, counts, number ranges, ISO times, the stage, format and severity enumerations),
// unknown keys are stripped, and nothing is rendered before the whole payload passed. The wire
// schema checks the compact form before compact.ts expands it; the payload schema checks the
// expanded result, and its output type is assigned to `SharePayload` below, so tsc proves that what
// passes is a valid `Incident`.
import * as v from 'valibot';
import { STAGE_IDS, type StageId } from '../../parsers/stages.ts';
import { FORMAT_IDS } from '../../parsers/types.ts';
import { INCIDENT_SCHEMA } from '../incident.ts';
import { isKnownZone } from '../report/time.ts';
import type { WirePayload } from './compact.ts';
import type { SharePayload, ShareView } from './share-link.ts';

export const SHARE_SCHEMA = 'cascade/share@1';

/** Longest log line, sentence or list entry a link may hold (a longer one is cut when the link is made). */
export const LINE_MAX = 16_384;
/** Longest name: path, host, id, kind, title. */
export const NAME_MAX = 4_096;
/** Most entries of any list but the events. */
export const LIST_MAX = 10_000;
/** Most events a link may hold (4 MiB of JSON could not hold many more). */
export const EVENTS_MAX = 100_000;

// The contract's times: UTC with an optional fraction (docs/architecture.md).
const ISO_UTC =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?Z$/;

const line = v.pipe(v.string(), v.maxLength(LINE_MAX));
const name = v.pipe(v.string(), v.maxLength(NAME_MAX));
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const real = v.pipe(v.number(), v.finite());
const isoTime = v.nullable(v.pipe(v.string(), v.maxLength(40), v.regex(ISO_UTC, 'not an ISO-8601 UTC time')));
const stageId = v.picklist(STAGE_IDS);
const severity = v.picklist(['critical', 'warning', 'info']);
const list = <T extends v.GenericSchema>(item: T, max = LIST_MAX) => v.pipe(v.array(item), v.maxLength(max));

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}

const clock = v.object({
  kind: v.picklist(['monotonic', 'wall', 'none']),
  aligned: v.boolean(),
  method: line,
  offsetSeconds: real,
  anchors: v.optional(count),
  spreadSeconds: v.optional(real),
  zone: v.optional(name),
  zoneAssumed: v.optional(v.boolean()),
  year: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9999))),
  yearSource: v.optional(line),
  ambiguousYearLines: v.optional(count),
});

const bundle = v.object({
  path: name,
  kind: name,
  layout: v.picklist(['sosreport', 'must-gather', 'plain']),
  entries: count,
  analysed: count,
  skipped: count,
  skippedExamples: list(name),
  bytes: count,
  expandedBytes: count,
  error: v.optional(line),
  warnings: list(line),
});

const findingEntries = {
  id: name,
  episode: v.optional(name),
  severity,
  title: line,
  detail: line,
  remediation: list(line),
};

const stageEntries = { id: stageId, hosts: list(name), recoveries: count };

/**
 * The parts of an incident that hold first/last times: ISO times in the payload, and in the wire
 * form also an event's index (compact.ts), so both schemas are built from one description.
 */
function timedParts<T extends v.GenericSchema<unknown, string | number | null>>(time: T) {
  const span = { first: time, last: time, count };
  const stageSpan = v.object(span);
  return {
    sources: list(
      v.object({
        path: name,
        format: v.picklist(FORMAT_IDS),
        host: v.nullable(name),
        bytes: count,
        lines: count,
        parsed: count,
        unparsed: count,
        events: count,
        first: time,
        last: time,
        clock,
        warnings: list(line),
        error: v.optional(line),
        container: v.optional(name),
        compression: v.optional(name),
        hostEvidence: v.optional(line),
      }),
    ),
    hosts: list(
      v.object({
        name,
        kernel: v.nullable(name),
        clientIds: list(count),
        fsids: list(name),
        stages: v.object(
          Object.fromEntries(STAGE_IDS.map((id) => [id, v.optional(stageSpan)])) as Record<
            StageId,
            v.OptionalSchema<typeof stageSpan, undefined>
          >,
        ),
        skewSeconds: v.optional(real),
        skewMethod: v.optional(line),
        cascade: v.optional(v.object({ fits: v.boolean(), order: list(stageId), reason: line })),
      }),
    ),
    episodes: v.optional(
      list(
        v.object({
          id: name,
          first: time,
          last: time,
          hosts: list(name),
          hostOrder: list(v.object({ host: name, first: time })),
          spreadSeconds: v.nullable(real),
          stages: list(v.object({ ...span, id: stageId, hosts: list(name) })),
          summary: line,
          confidence: v.picklist(['high', 'medium', 'low']),
        }),
      ),
    ),
    span,
  };
}

const event = v.object({
  ts: isoTime,
  host: name,
  stage: stageId,
  kind: name,
  recovery: v.boolean(),
  source: name,
  line: count,
  offset: count,
  text: line,
  stamp: line,
  severity,
  alsoIn: list(v.object({ source: name, line: count })),
  episode: v.optional(name),
  clientId: v.optional(count),
});

const common = {
  schema: v.literal(INCIDENT_SCHEMA),
  generatedBy: name,
  bundles: v.optional(list(bundle)),
};

const { span, ...isoParts } = timedParts(isoTime);

export const IncidentSchema = v.object({
  ...common,
  ...isoParts,
  stages: list(v.object({ ...span, ...stageEntries, title: name, annotation: line }), STAGE_IDS.length),
  findings: list(
    v.object({ ...findingEntries, evidence: list(v.object({ source: name, line: count, text: line })) }),
  ),
  events: list(event, EVENTS_MAX),
});

export const ShareViewSchema = v.object({
  laneMode: v.picklist(['stage', 'host']),
  zoom: v.nullable(
    v.pipe(
      v.tuple([real, real]),
      v.check(([from, to]) => from <= to, 'the zoom ends before it starts'),
    ),
  ),
  episode: v.nullable(name),
  timeDisplay: v.variant('mode', [
    v.object({ mode: v.literal('utc') }),
    v.object({ mode: v.literal('local') }),
    v.object({
      mode: v.literal('zone'),
      zone: v.pipe(v.string(), v.maxLength(64), v.check(isKnownZone, 'not a time zone this browser knows')),
    }),
  ]),
  logFilter: v.pipe(
    v.object({
      hosts: list(name),
      stages: list(stageId),
      sources: list(name),
      severities: list(severity),
      query: v.pipe(v.string(), v.maxLength(1_000)),
      regex: v.boolean(),
    }),
    v.check((f) => !f.regex || compiles(f.query), 'the search is not a valid regular expression'),
  ),
  focus: v.nullable(v.object({ source: name, line: count })),
});

const payloadEntries = {
  schema: v.literal(SHARE_SCHEMA),
  created: v.pipe(v.string(), v.maxLength(40), v.regex(ISO_UTC, 'not an ISO-8601 UTC time')),
  redacted: v.boolean(),
  omittedEvents: count,
  totalEvents: count,
  view: ShareViewSchema,
};

export const SharePayloadSchema = v.object({ ...payloadEntries, incident: IncidentSchema });

const index = count;
const column = <T extends v.GenericSchema>(item: T) => list(item, EVENTS_MAX);
const signed = v.pipe(v.number(), v.safeInteger());

const wireEvents = v.object({
  strings: list(name, EVENTS_MAX * 4),
  ts: column(v.union([signed, isoTime])),
  host: column(index),
  stage: column(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(STAGE_IDS.length - 1))),
  kind: column(index),
  recovery: column(v.picklist([0, 1])),
  source: column(index),
  line: column(signed),
  text: column(line),
  stamp: column(v.union([v.pipe(count, v.maxValue(LINE_MAX)), line])),
  severity: column(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2))),
  alsoIn: column(list(count, 2 * LIST_MAX)),
  episode: column(v.nullable(index)),
  clientId: column(v.nullable(count)),
});

const { span: wireSpan, ...wireParts } = timedParts(v.union([index, isoTime]));

export const WirePayloadSchema = v.object({
  ...payloadEntries,
  incident: v.object({
    ...common,
    ...wireParts,
    stages: list(
      v.object({ ...wireSpan, ...stageEntries, title: v.optional(name), annotation: v.optional(line) }),
      STAGE_IDS.length,
    ),
    findings: list(
      v.object({
        ...findingEntries,
        evidence: list(v.object({ source: name, line: count, text: v.optional(line) })),
      }),
    ),
    events: wireEvents,
  }),
});

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** `incident.events[3].stage: …`: the field a person can look for, and what was wrong with it, briefly. */
function describeIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'the content is not valid';
  let path = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') path += `[${key}]`;
    else if (typeof key === 'string') path += path ? `.${key}` : key;
  }
  const problem = issue.type === 'object' && issue.received === 'undefined' ? 'missing' : issue.message;
  const said = problem.length > 160 ? `${problem.slice(0, 159)}…` : problem;
  return path ? `${path}: ${said}` : said;
}

function check<T>(schema: v.GenericSchema<unknown, T>, value: unknown): Checked<T> {
  const result = v.safeParse(schema, value, { abortEarly: true });
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, error: describeIssue(result.issues) };
}

export const checkWire = (value: unknown): Checked<WirePayload> => check(WirePayloadSchema, value);
export const checkPayload = (value: unknown): Checked<SharePayload> => check(SharePayloadSchema, value);
export const checkView = (value: unknown): Checked<ShareView> => check(ShareViewSchema, value);
