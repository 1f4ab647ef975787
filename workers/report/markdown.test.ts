import { describe, expect, it } from 'vitest';
import type { StageId } from '../../parsers/stages.ts';
import type { Incident, IncidentEvent } from '../incident.ts';
import { codeBlock, codeSpan, incidentMarkdown, mdText, tableCode } from './markdown.ts';
import { visibleControls } from './report-model.ts';

// ---------------------------------------------------------------------------------------------
// Just enough of GFM (as cmark-gfm reads it) to check what a renderer would make of our output.

const PUNCT = /[!-/:-@[-`{-~]/;

/** A table row's cells as cmark-gfm splits them: `\` + punctuation is one unit, then `\|` → `|`. */
function gfmCells(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = row.startsWith('|') ? 1 : 0; i < row.length; i++) {
    const c = row[i] as string;
    if (c === '\\' && PUNCT.test(row[i + 1] ?? '')) {
      cell += c + row[i + 1];
      i++;
    } else if (c === '|') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  if (cell.trim() !== '') cells.push(cell);
  return cells.map((c) => c.replace(/\\\|/g, '|').trim());
}

/**
 * Inline content: code spans (CommonMark rules), the plain text around them with escapes resolved,
 * all of it in order as a reader sees it, and the characters left unescaped that could start markup.
 */
function inline(text: string): { spans: string[]; plain: string; shown: string; active: string[] } {
  const spans: string[] = [];
  const active: string[] = [];
  let plain = '';
  let shown = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\' && PUNCT.test(text[i + 1] ?? '')) {
      plain += text[i + 1];
      shown += text[i + 1];
      i += 2;
    } else if (text.startsWith('&#32;', i)) {
      plain += ' ';
      shown += ' ';
      i += 5;
    } else if (c === '`') {
      const run = /^`+/.exec(text.slice(i))?.[0] ?? '`';
      const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
      close.lastIndex = i + run.length;
      const m = close.exec(text);
      if (!m) {
        active.push(run);
        plain += run;
        shown += run;
        i += run.length;
        continue;
      }
      let content = text.slice(i + run.length, m.index);
      if (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '')
        content = content.slice(1, -1);
      spans.push(content);
      shown += content;
      i = m.index + run.length;
    } else {
      if (/[<>[\]*_&|~!$#]/.test(c) || text.startsWith('://', i) || /^www\./i.test(text.slice(i))) {
        active.push(c);
      }
      if (c === '@') active.push(c);
      plain += c;
      shown += c;
      i++;
    }
  }
  return { spans, plain, shown, active };
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '[click](http://evil.example/) ![img](http://evil.example/x.png)',
  'see https://evil.example and www.evil.example, mail root@evil.example',
  '*bold* _em_ ~~gone~~ $x$ `code` ``double``',
  '# heading',
  '- item',
  '1. numbered',
  '    indented code',
  'pipe | in | text',
  'backslash before pipe \\| and \\\\|',
  'ends with a backslash \\',
  '&amp; &lt;b&gt; &#60;',
  'line one\nline two\r\n\u001b[31m\u202eevil',
  '`starts and ends with backticks`',
  ' both ends spaced ',
  '```',
];

describe('mdText', () => {
  it.each([
    ['k8s-worker-1', 'k8s-worker-1'],
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['[x](y)', '\\[x\\](y)'],
    ['![i](y)', '\\!\\[i\\](y)'],
    ['*a* _b_ ~c~', '\\*a\\* \\_b\\_ \\~c\\~'],
    ['a|b', 'a\\|b'],
    ['a\\b', 'a\\\\b'],
    ['&amp;', '\\&amp;'],
    ['http://e.x/', 'http\\://e.x/'],
    ['www.e.x', 'www\\.e.x'],
    ['root@e.x', 'root\\@e.x'],
    ['# h', '\\# h'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['12. item', '12\\. item'],
    ['3) item', '3\\) item'],
    ['a - b', 'a - b'],
    ['  two spaces', '&#32;&#32;two spaces'],
    ['a\nb', 'a\\\\nb'],
    ['$x$', '\\$x\\$'],
  ])('%j → %j', (input, expected) => {
    expect(mdText(input)).toBe(expected);
  });

  it.each(HOSTILE)('%j renders as itself, with nothing left active', (text) => {
    const read = inline(mdText(text));
    expect(read.spans).toEqual([]);
    expect(read.active).toEqual([]);
    expect(read.plain).toBe(visibleControls(text));
  });
});

describe('codeSpan', () => {
  it.each([
    ['plain', '`plain`'],
    ['a`b', '``a`b``'],
    ['a``b`c', '```a``b`c```'],
    ['`x`', '`` `x` ``'],
    [' spaced ', '`  spaced  `'],
    ['   ', '`   `'],
    ['one\ntwo', '`one\\ntwo`'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(codeSpan(input)).toBe(expected);
  });

  it.each(HOSTILE)('%j reads back verbatim from its span', (text) => {
    const read = inline(codeSpan(text));
    expect(read.spans).toEqual([visibleControls(text)]);
    expect(read.plain).toBe('');
  });
});

describe('tableCode', () => {
  it.each([
    ['a|b', '`a\\|b`'],
    ['a\\|b', '`a\\`\\|`b`'],
    ['|', '`\\|`'],
    ['no pipe', '`no pipe`'],
  ])('%j → %j', (input, expected) => {
    expect(tableCode(input)).toBe(expected);
  });

  it.each(HOSTILE)('%j stays in one cell and reads back verbatim', (text) => {
    const row = `| ${mdText('left')} | ${tableCode(text)} | ${mdText(text)} |`;
    const cells = gfmCells(row);
    expect(cells).toHaveLength(3);
    expect(cells[0]).toBe('left');
    // Pipes between spans are plain text: after the row is split a bare `|` is just a character.
    const code = inline(cells[1] as string);
    expect(code.shown).toBe(visibleControls(text));
    expect(code.plain).toMatch(/^\|*$/);
    const plain = inline(cells[2] as string);
    expect(plain.active.filter((c) => c !== '|')).toEqual([]);
    expect(plain.plain).toBe(visibleControls(text).trimEnd());
  });
});

describe('codeBlock', () => {
  it('uses a fence longer than any backtick run inside, and keeps each command on its line', () => {
    expect(codeBlock(['echo ok'], 'sh')).toBe('```sh\necho ok\n```');
    expect(codeBlock(['echo ```', 'x````y'])).toBe('`````\necho ```\nx````y\n`````');
    expect(codeBlock(['rm x\nrm -rf /'])).toBe('```\nrm x\\nrm -rf /\n```');
  });
});

// ---------------------------------------------------------------------------------------------
// Whole documents

let offset = 0;
function ev(
  ts: string | null,
  host: string,
  stage: StageId,
  text: string,
  more: Partial<IncidentEvent> = {},
) {
  const line = ++offset;
  return {
    ts,
    host,
    stage,
    kind: 'rule',
    recovery: false,
    source: `${host}/dmesg.log`,
    line,
    offset: line * 80,
    text,
    stamp: '[1.0]',
    severity: 'warning',
    alsoIn: [],
    ...more,
  } satisfies IncidentEvent;
}

function incident(events: IncidentEvent[], more: Partial<Incident> = {}): Incident {
  return {
    schema: 'cascade/incident@1',
    generatedBy: 'cascade test',
    sources: [
      {
        path: 'node-1/dmesg.log',
        format: 'dmesg',
        host: 'node-1',
        bytes: 1,
        lines: 10,
        parsed: 10,
        unparsed: 0,
        events: events.length,
        first: null,
        last: null,
        clock: { kind: 'wall', aligned: true, method: 'stamps', offsetSeconds: 0, zone: 'UTC' },
        warnings: [],
      },
    ],
    hosts: [],
    stages: [],
    findings: [],
    events,
    ...more,
  };
}

const EVIL_HOST = '<img src=x onerror=alert(1)>';
const EVIL_PATH = 'evil/"><svg onload=alert(1)>|x.log';

function hostileIncident(): Incident {
  const events = [
    ev(
      '2019-11-12T10:14:03.441308Z',
      EVIL_HOST,
      'connection-reset',
      '<script>alert(1)</script> | `tick` \\| [x](http://e.x)',
      {
        source: EVIL_PATH,
      },
    ),
    ev(
      '2019-11-12T10:19:14.380256Z',
      'node-1',
      'reconnect-denied',
      'ceph: mds0 reconnect denied\nforged line',
    ),
  ];
  return incident(events, {
    findings: [
      {
        id: 'client-evicted',
        severity: 'critical',
        title: 'Evicted <b>node</b> [link](http://e.x)',
        detail: '# not a heading\n- not a list',
        evidence: [{ source: EVIL_PATH, line: events[0]?.line ?? 0, text: events[0]?.text ?? '' }],
        remediation: ['umount -l /var/lib/```/x', 'kubectl drain node-1'],
      },
    ],
  });
}

/** The document's lines outside fenced code blocks (code spans are left to `inline`). */
function outsideCode(doc: string): string[] {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of doc.split('\n')) {
    const open = /^(`{3,})/.exec(line)?.[1];
    if (fence === null && open) fence = open;
    else if (fence !== null && line === fence) fence = null;
    else if (fence === null) out.push(line);
  }
  return out;
}

describe('incidentMarkdown', () => {
  it('keeps hostile log text, hosts, paths and findings inert', () => {
    const doc = incidentMarkdown(hostileIncident(), { display: { mode: 'utc' } });
    const tableRows = doc.split('\n').filter((l) => l.startsWith('| 2019-'));
    expect(tableRows).toHaveLength(2);
    for (const row of tableRows) expect(gfmCells(row)).toHaveLength(5);
    const [first] = tableRows;
    const cells = gfmCells(first as string);
    expect(inline(cells[1] as string).plain).toBe(EVIL_HOST);
    expect(inline(cells[3] as string).shown).toBe(`${EVIL_PATH}:1`);
    expect(inline(cells[4] as string).shown).toBe('<script>alert(1)</script> | `tick` \\| [x](http://e.x)');
    expect(doc).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(doc).toContain('### Critical: Evicted \\<b\\>node\\</b\\> \\[link\\](http\\://e.x)');
    expect(doc).toContain('\\# not a heading\\\\n- not a list');
    expect(doc).toContain('`ceph: mds0 reconnect denied\\nforged line`');
    // No raw HTML, link, image or autolink can come out of the text: outside code, none of their
    // characters is left unescaped (our own syntax uses `#`, `*`, `>` and `|`, never these).
    for (const line of outsideCode(doc)) {
      expect(
        inline(line).active.filter((c) => '<[]:w@&'.includes(c)),
        line,
      ).toEqual([]);
    }
    expect(outsideCode(doc).filter((l) => /^#{1,3} /.test(l))).toEqual([
      '# CephFS eviction cascade of 2019-11-12 10:14 UTC',
      '## Summary',
      '## Timeline (UTC)',
      '## Findings',
      '### Critical: Evicted \\<b\\>node\\</b\\> \\[link\\](http\\://e.x)',
      '## Remediation steps',
      '## Clock and time-zone assumptions',
      '## Sources analysed',
    ]);
    expect(doc).toContain('````sh\n# Evicted <b>node</b> [link](http://e.x)\n');
    expect(doc).toContain('umount -l /var/lib/```/x\nkubectl drain node-1\n````');
  });

  it('writes times in the chosen zone and names it in every time heading and column', () => {
    const doc = incidentMarkdown(hostileIncident(), {
      display: { mode: 'zone', zone: 'America/Port_of_Spain' },
      generatedAt: '2025-01-02T03:04:05Z',
    });
    expect(doc).toContain('## Timeline (America/Port\\_of\\_Spain)');
    expect(doc).toContain('| Time (America/Port\\_of\\_Spain) | Host | Stage | Line | Text |');
    expect(doc).toContain('| 2019-11-12 06:14:03.441 |');
    expect(doc).toContain('Generated by cascade test on 2025-01-01 23:04:05 America/Port\\_of\\_Spain');
    expect(doc).not.toMatch(/10:14:03/);
  });

  it('states scope and redaction at the top', () => {
    const doc = incidentMarkdown(hostileIncident(), {
      display: { mode: 'utc' },
      scope: 'Episode 2 of 3 (10:14–10:21 UTC)',
      redacted: true,
    });
    const lines = doc.split('\n');
    expect(lines[2]).toBe('> Scope: Episode 2 of 3 (10:14–10:21 UTC).');
    expect(lines[3]).toBe('>');
    expect(lines[4]).toMatch(/^> Redacted: host names/);
  });

  it('gives a useful document for a bundle without events', () => {
    const doc = incidentMarkdown(incident([]), { display: { mode: 'utc' } });
    expect(doc.split('\n').filter((l) => l.startsWith('#'))).toEqual([
      '# CephFS eviction cascade: incident report',
      '## Summary',
      '## Timeline (UTC)',
      '## Clock and time-zone assumptions',
      '## Sources analysed',
    ]);
    expect(doc).toContain(
      'No eviction cascade found: none of the 10 lines read from 1 source matched a stage',
    );
    expect(doc).toContain('No line of the bundle matched a stage of the cascade, so there is no timeline.');
    expect(doc).toContain('| `node-1/dmesg.log` | dmesg | node-1 | 10 | 10 | 0 | 0 |   |');
    expect(doc).toContain(
      '- `node-1/dmesg.log` (dmesg, host node-1): wall-clock stamps, aligned: stamps; zone UTC, stated by the bundle.',
    );
    expect(doc.endsWith('\n')).toBe(true);
    expect(doc.endsWith('\n\n')).toBe(false);
  });
});
