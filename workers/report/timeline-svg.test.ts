// The exported timeline picture: one mark per marker and bin of the view it is given (so zoom and
// lane mode carry over), stage-start lines, the zone on the axis, its size, and escaping.
import { describe, expect, it } from 'vitest';
import { incidentOf, timelineEvent } from '../../test/support/incidents.ts';
import type { Incident, IncidentEvent } from '../incident.ts';
import { buildView, prepareTimeline, SHAPES } from './timeline-model.ts';
import { escapeXml, shapePath, timelineSvg } from './timeline-svg.ts';

const T0 = Date.parse('2019-11-12T10:14:03.000Z');
const UTC = { mode: 'utc' } as const;

function incident(hosts: string[]): Incident {
  let line = 1;
  const events: IncidentEvent[] = [];
  for (const [i, host] of hosts.entries()) {
    events.push(timelineEvent(host, 'connection-reset', T0 + i * 30_000, line++));
    events.push(timelineEvent(host, 'reconnect-denied', T0 + i * 30_000 + 300_000, line++));
    events.push(timelineEvent(host, 'mds-hung', T0 + i * 30_000 + 320_000, line++, true));
  }
  for (let k = 0; k < 500; k++)
    events.push(timelineEvent(hosts[0] as string, 'quota-realm-loop', T0 + 400_000 + k * 1000, line++));
  events.sort((a, b) => Date.parse(a.ts ?? '') - Date.parse(b.ts ?? ''));
  return incidentOf(events, hosts);
}

function viewOf(inc: Incident, options: { mode?: 'stage' | 'host'; zoom?: [number, number] | null } = {}) {
  const prepared = prepareTimeline(inc);
  if (!prepared) throw new Error('no timed events');
  return buildView(prepared, { mode: options.mode ?? 'stage', zoom: options.zoom ?? null, display: UTC });
}

const count = (svg: string, pattern: RegExp) => (svg.match(pattern) ?? []).length;

describe('timelineSvg', () => {
  it('draws one shape per marker and one bar per bin of the view, recoveries hollow', () => {
    const view = viewOf(incident(['node-1', 'node-2']));
    const { svg, width, height } = timelineSvg(view, { display: UTC, width: 1000 });
    const marks = svg.slice(
      svg.indexOf('<g class="marks">'),
      svg.indexOf('</g>', svg.indexOf('<g class="marks">')),
    );
    expect(view.markers).toBeGreaterThan(0);
    expect(view.bins).toBeGreaterThan(0);
    expect(count(marks, /<path /g)).toBe(view.markers);
    expect(count(marks, /<rect /g)).toBe(view.bins);
    expect(count(marks, /fill="none"/g)).toBe(2);
    expect(width).toBe(1000);
    expect(svg).toMatch(
      new RegExp(`^<svg [^>]*width="1000" height="${height}" viewBox="0 0 1000 ${height}"`),
    );
  });

  it('follows the zoom and the lane mode it is given', () => {
    const inc = incident(['node-1', 'node-2']);
    const whole = viewOf(inc);
    const zoomed = viewOf(inc, { zoom: [T0 - 5_000, T0 + 60_000] });
    const zoomedSvg = timelineSvg(zoomed, { display: UTC }).svg;
    // Only the two resets lie in the first minute; the loop is out of view.
    const marks = zoomedSvg.slice(zoomedSvg.indexOf('<g class="marks">'));
    expect(count(marks.slice(0, marks.indexOf('</g>')), /<(path|rect) /g)).toBe(2);
    expect(zoomedSvg).toContain('10:14:00');
    const byHost = timelineSvg(viewOf(inc, { mode: 'host' }), { display: UTC }).svg;
    const lanes = byHost.slice(byHost.indexOf('<g class="lanes">'), byHost.indexOf('</g>'));
    expect(lanes).toContain('>node-1</text>');
    expect(lanes).toContain('>node-2</text>');
    expect(lanes).not.toContain('Connection reset');
    expect(timelineSvg(whole, { display: UTC }).svg).toContain('Connection reset');
  });

  it('draws the stage starts and names the zone on the axis', () => {
    const view = viewOf(incident(['node-1']));
    const { svg } = timelineSvg(view, { display: { mode: 'zone', zone: 'Asia/Shanghai' } });
    const annotations = svg.slice(svg.indexOf('<g class="annotations">'));
    expect(count(annotations.slice(0, annotations.indexOf('</g>')), /stroke-dasharray/g)).toBe(
      view.annotations.length,
    );
    expect(svg).toContain(escapeXml(view.axisLabel));
  });

  it('escapes every text it is given, so a host name cannot open a tag', () => {
    const hostile = '<script>alert(1)</script>"&\'';
    const { svg } = timelineSvg(viewOf(incident([hostile]), { mode: 'host' }), {
      display: UTC,
      title: '<img src=x onerror=alert(1)>',
    });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).not.toMatch(/<[^>]*\son[a-z]+=/);
    expect(escapeXml('a\u0001b')).toBe('a\ufffdb');
  });

  it('has a closed path for every shape of the legend', () => {
    for (const shape of SHAPES) expect(shapePath(shape, 10, 10)).toMatch(/^M[-\d.,]+.*Z$/);
  });
});
