// A host's /etc/localtime gives its naive syslog stamps their zone, daylight time included.
import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { analyzeFiles } from '../../workers/engine.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures');

it('reads July syslog stamps of a Berlin host at UTC+02:00 and January ones at UTC+01:00', async () => {
  const lines = [
    'Jan 15 10:00:00 node-a kernel: libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon',
    'Jul 15 10:00:00 node-a kernel: libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon',
  ].join('\n');
  const incident = await analyzeFiles([
    { path: 'node-a/var/log/messages', blob: new Blob([`${lines}\n`]), lastModified: Date.UTC(2024, 11, 1) },
    {
      path: 'node-a/etc/localtime',
      blob: await openAsBlob(resolve(fixtures, 'host-localtime/localtime-europe-berlin.log')),
    },
  ]);
  const times = incident.events.map((e) => e.ts);
  expect(times).toEqual(['2024-01-15T09:00:00.000000Z', '2024-07-15T08:00:00.000000Z']);
  const messages = incident.sources.find((s) => s.path === 'node-a/var/log/messages');
  expect(messages?.clock.zoneAssumed).toBe(false);
});
