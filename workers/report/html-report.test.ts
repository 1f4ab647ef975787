import { describe, expect, it } from 'vitest';
import type { Incident, IncidentEvent } from '../incident.ts';
import { escapeHtml, incidentHtml, isInertSvg, REPORT_CSP } from './html-report.ts';

const XSS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>'];
const ALL_XSS = XSS.join(' ');

function ev(line: number, ts: string, more: Partial<IncidentEvent> = {}): IncidentEvent {
  return {
    ts,
    host: 'node-1',
    stage: 'connection-reset',
    kind: 'rule',
    recovery: false,
    source: 'node-1/dmesg.log',
    line,
    offset: line * 80,
    text: `line ${line}`,
    stamp: '[1.0]',
    severity: 'warning',
    alsoIn: [],
    ...more,
  };
}

function hostile(): Incident {
  const events = [
    ev(1, '2019-11-12T10:14:03.441308Z', {
      host: XSS[1] as string,
      source: `${XSS[2]}/dmesg.log`,
      text: ALL_XSS,
    }),
    ev(2, '2019-11-12T10:19:14.380256Z', {
      stage: 'mon-session-lost',
      recovery: true,
      text: `${XSS[0]}\u202e`,
    }),
  ];
  return {
    schema: 'cascade/incident@1',
    generatedBy: `cascade ${XSS[2]}`,
    sources: [
      {
        path: `${XSS[2]}/dmesg.log`,
        format: 'dmesg',
        host: XSS[1] as string,
        bytes: 1,
        lines: 10,
        parsed: 9,
        unparsed: 1,
        events: 2,
        first: null,
        last: null,
        clock: { kind: 'wall', aligned: true, method: `stamps ${XSS[0]}`, offsetSeconds: 0, zone: 'UTC' },
        warnings: [`warning ${XSS[1]}`],
        error: `error ${XSS[0]}`,
      },
    ],
    hosts: [
      {
        name: XSS[1] as string,
        kernel: null,
        clientIds: [],
        fsids: [],
        stages: {},
        skewSeconds: 1.5,
        skewMethod: `method ${XSS[2]}`,
      },
    ],
    stages: [
      {
        id: 'connection-reset',
        title: 'Connection reset',
        first: events[0]?.ts ?? null,
        last: events[0]?.ts ?? null,
        count: 1,
        hosts: [XSS[1] as string],
        recoveries: 0,
        annotation: 'what it means',
      },
    ],
    findings: [
      {
        id: 'client-evicted',
        severity: 'critical',
        title: `title ${ALL_XSS}`,
        detail: `detail ${ALL_XSS}`,
        evidence: [{ source: `${XSS[2]}/dmesg.log`, line: 1, text: ALL_XSS }],
        remediation: [`umount -l '${XSS[1]}'`],
      },
    ],
    events,
    episodes: [
      {
        id: 'episode-1',
        first: events[0]?.ts ?? null,
        last: events[1]?.ts ?? null,
        hosts: [XSS[1] as string],
        hostOrder: [{ host: XSS[1] as string, first: events[0]?.ts ?? null }],
        spreadSeconds: 311,
        stages: [],
        summary: `summary ${ALL_XSS}`,
        confidence: 'high',
      },
    ],
    bundles: [
      {
        path: `${XSS[0]}.tar.gz`,
        kind: 'tar.gz',
        layout: 'plain',
        entries: 1,
        analysed: 1,
        skipped: 0,
        skippedExamples: [],
        bytes: 1,
        expandedBytes: 2,
        warnings: [],
      },
    ],
  };
}

/** Every start tag of the document: all `<` that are not escaped begin one. */
const tags = (html: string) => [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);

/** A start tag's attributes, names outside quotes only (a value may say `onload=` as text). */
function attributes(tag: string): [string, string][] {
  const body = tag.replace(/^<[a-zA-Z0-9]+/, '').replace(/\/?>$/, '');
  return [...body.matchAll(/\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)].map((m) => [
    (m[1] as string).toLowerCase(),
    m[2] ?? m[3] ?? m[4] ?? '',
  ]);
}

describe('escapeHtml', () => {
  it.each([
    ['plain', 'plain'],
    ['a & b', 'a &amp; b'],
    ['<script>', '&lt;script&gt;'],
    [`"quoted" 'single'`, '&quot;quoted&quot; &#39;single&#39;'],
    ['&amp;', '&amp;amp;'],
    ['line\nbreak \u202e', 'line\\nbreak \\u202e'],
  ])('%j → %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('isInertSvg', () => {
  it.each([
    ['<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', true],
    ['<svg><text>&lt;img src=x onerror=alert(1)&gt;</text></svg>', true],
    ['<svg><style>.a{fill:red}</style><title>t</title></svg>', true],
    ['<svg><script>alert(1)</script></svg>', false],
    ['<svg onload="alert(1)"></svg>', false],
    ['<svg><rect ONCLICK = "x"/></svg>', false],
    ['<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', false],
    ['<svg><image href="data:text/html,<b>"/></svg>', false],
    ['<svg><foreignObject><div/></foreignObject></svg>', false],
    ['<svg><set attributeName="href" to="x"/></svg>', false],
    ['<svg><animate attributeName="href" values="x"/></svg>', false],
    ['<!DOCTYPE svg [<!ENTITY x "y">]><svg></svg>', false],
    ['<div><svg></svg></div>', false],
    ['<svg></svg><script>alert(1)</script>', false],
    ['<svg>', false],
  ])('%j → %s', (svg, inert) => {
    expect(isInertSvg(svg)).toBe(inert);
  });
});

describe('incidentHtml', () => {
  const SVG =
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

  it('is one document with charset, the CSP, inline style and no script, link or external resource', () => {
    const html = incidentHtml(hostile(), { display: { mode: 'utc' }, timelineSvg: SVG });
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\)/);
    expect(html).toMatch(/@media print/);
    expect(html.endsWith('</html>\n')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(?:link|iframe|object|embed|base|img)\b/i);
    const all = tags(html);
    expect(all.length).toBeGreaterThan(50);
    for (const tag of all) {
      for (const [name, value] of attributes(tag)) {
        expect(name, tag).not.toMatch(/^on/);
        if (name === 'href' || name === 'src') expect(value, tag).toMatch(/^#[a-z]+$/);
      }
    }
    expect(attributes('<a href="#x" title="a onload=b">')).toEqual([
      ['href', '#x'],
      ['title', 'a onload=b'],
    ]);
  });

  it('escapes every text from the incident: log lines, hosts, paths, findings, summary, clocks, sources', () => {
    const html = incidentHtml(hostile(), {
      display: { mode: 'utc' },
      timelineSvg: null,
      scope: `scope ${XSS[0]}`,
    });
    for (const x of XSS) expect(html).not.toContain(x);
    expect(html).not.toMatch(/<svg/i);
    const escaped = XSS.map(escapeHtml);
    expect(escaped).toEqual([
      '&lt;script&gt;alert(1)&lt;/script&gt;',
      '&lt;img src=x onerror=alert(1)&gt;',
      '&quot;&gt;&lt;svg onload=alert(1)&gt;',
    ]);
    const count = (needle: string) => html.split(needle).length - 1;
    // Each hostile string shows up, escaped, wherever the incident carries it.
    expect(count(escaped[0] as string)).toBeGreaterThanOrEqual(9);
    expect(count(escaped[1] as string)).toBeGreaterThanOrEqual(10);
    expect(count(escaped[2] as string)).toBeGreaterThanOrEqual(9);
    expect(html).toContain(`<td class="host">${escaped[1]}</td>`);
    expect(html).toContain(`<code>${escaped[2]}/dmesg.log:1</code>`);
    expect(html).toContain(`<code>${escaped[0]}\\u202e</code>`);
    expect(html).toContain(`<p class="notice">Scope: scope ${escaped[0]}.</p>`);
    expect(html).toContain(`<meta name="generator" content="cascade ${escaped[2]}">`);
    expect(html).toContain(
      `<pre><code># title ${escaped.join(' ')}\numount -l &#39;${escaped[1]}&#39;</code></pre>`,
    );
  });

  it('places the timeline picture under the summary, and leaves out one that is not inert', () => {
    const html = incidentHtml(hostile(), { display: { mode: 'utc' }, timelineSvg: SVG });
    const svgAt = html.indexOf(SVG);
    expect(svgAt).toBeGreaterThan(html.indexOf('<section id="summary">'));
    expect(svgAt).toBeLessThan(html.indexOf('<section id="timeline">'));
    expect(html).toContain(
      `<figure class="timeline">${SVG}<figcaption>Timeline of all events, times in UTC.</figcaption></figure>`,
    );
    const active = incidentHtml(hostile(), {
      display: { mode: 'utc' },
      timelineSvg: '<svg onload="alert(1)"></svg>',
    });
    expect(active).not.toContain('onload="alert(1)"');
    expect(active).toContain('The timeline picture was left out');
  });

  it('has the sections of the Markdown report, the timeline as a table, times in the chosen zone', () => {
    const html = incidentHtml(hostile(), {
      display: { mode: 'zone', zone: 'Asia/Tokyo' },
      timelineSvg: null,
    });
    expect([...html.matchAll(/<section id="([a-z]+)">/g)].map((m) => m[1])).toEqual([
      'summary',
      'timeline',
      'stages',
      'findings',
      'remediation',
      'clocks',
      'sources',
    ]);
    expect([...html.matchAll(/<a href="#([a-z]+)">/g)].map((m) => m[1])).toEqual([
      'summary',
      'timeline',
      'stages',
      'findings',
      'remediation',
      'clocks',
      'sources',
    ]);
    expect(html).toContain('<h2>Timeline (Asia/Tokyo)</h2>');
    expect(html).toContain('<th scope="col">Time (Asia/Tokyo)</th>');
    const timeline = html.slice(
      html.indexOf('<section id="timeline">'),
      html.indexOf('<section id="stages">'),
    );
    expect(timeline.match(/<tr[ >]/g)).toHaveLength(3);
    expect(timeline).toContain('<td class="time">2019-11-12 19:14:03.441</td>');
    expect(timeline).toContain('<tr class="recovery"><td class="time">2019-11-12 19:19:14.380</td>');
    expect(html).toContain('<dt>First seen (Asia/Tokyo)</dt><dd>2019-11-12 19:14:03.441</dd>');
    expect(html).toContain('<h3><span class="sev sev-critical">critical</span> title ');
  });

  it('still makes a useful page for a bundle without events', () => {
    const empty: Incident = { ...hostile(), events: [], stages: [], findings: [], episodes: [], hosts: [] };
    const html = incidentHtml(empty, { display: { mode: 'utc' }, timelineSvg: null });
    expect([...html.matchAll(/<section id="([a-z]+)">/g)].map((m) => m[1])).toEqual([
      'summary',
      'timeline',
      'clocks',
      'sources',
    ]);
    expect(html).toContain('<p>No eviction cascade found: none of the 10 lines read from 1 source matched');
    expect(html).not.toContain('<table>\n<thead><tr><th scope="col">Time');
    expect(html).toContain('<title>CephFS eviction cascade: incident report</title>');
  });
});
