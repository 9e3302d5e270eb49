// Seeded generators for the fuzzer: YAML documents (Cilium values, cilium-config ConfigMaps and
// hostile text), edits of them, and LSP requests with valid and invalid parameters. Everything is
// drawn from one PRNG, so a seed replays a run exactly.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** mulberry32: small, fast, good enough for test inputs. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** picks by weight: [[weight, value], …] */
    weighted: (pairs) => {
      const total = pairs.reduce((s, [w]) => s + w, 0);
      let x = next() * total;
      for (const [w, v] of pairs) if ((x -= w) < 0) return v;
      return pairs[pairs.length - 1][1];
    },
  };
  return r;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: real chart keys and ConfigMap keys, read from the generated data in the repository.

function chartPaths() {
  const file = JSON.parse(readFileSync(join(ROOT, 'schemas/generated/chart-keys.json'), 'utf8'));
  const out = [];
  const walk = (tree, prefix, depth) => {
    for (const [k, n] of Object.entries(tree)) {
      const p = prefix ? `${prefix}.${k}` : k;
      out.push(p);
      if (n.k && depth < 4) walk(n.k, p, depth + 1);
    }
  };
  walk(file.keys, '', 0);
  return out;
}

function configMapKeys() {
  const file = JSON.parse(readFileSync(join(ROOT, 'schemas/generated/overlay.json'), 'utf8'));
  return [...Object.keys(file.configMap ?? {}), ...(file.configMapOtherKeys ?? []).slice(0, 200)];
}

const PATHS = chartPaths().filter((p) => !p.includes('/'));
const CM_KEYS = configMapKeys();
const VERSIONS = [
  '1.9',
  '1.10.3',
  '1.11',
  '1.12.0',
  '1.13.4',
  '1.14',
  '1.15.7',
  '1.16',
  '1.16.4',
  '1.17',
  '1.18.3',
  '1.19',
  '1.20',
  'v1.17.6-cee.1',
  '2.0',
  '0.1',
  '1.',
  'x',
  '',
  '1.16.4.5',
  '9'.repeat(400),
  '1.16-rc.1',
];
const KERNELS = [
  '4.19',
  '5.4',
  '5.10',
  '6.2.0-39-generic',
  '3.10',
  'x',
  '',
  '6',
  '5.10.0-' + 'a'.repeat(300),
  '99999999999999999999.1',
];
const SCALARS = [
  'true',
  'false',
  'True',
  'FALSE',
  'yes',
  'no',
  'on',
  '""',
  "''",
  'null',
  '~',
  '0',
  '1',
  '-1',
  '1e309',
  '0x1F',
  '1.5',
  'strict',
  'partial',
  'probe',
  'disabled',
  'native',
  'tunnel',
  'vxlan',
  'geneve',
  'netkit',
  'veth',
  'wireguard',
  'ipsec',
  'eth0',
  'kubernetes',
  'cluster-pool',
  '[]',
  '{}',
  '[a, b]',
  '{a: 1}',
  '.inf',
  '.nan',
  '2001:db8::/64',
  '10.0.0.0/8',
  '"\\u0000"',
  '!!binary aGVsbG8=',
  '!!str 1',
  '!custom x',
  '&a 1',
  '*a',
  '|\n  block\n  text',
  '>\n  folded',
];

// ---------------------------------------------------------------------------------------------
// Documents

function randomWord(r, max = 12) {
  const n = r.int(1, max);
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[r.int(0, alphabet.length - 1)];
  return s;
}

/** A typo of a real key: one deleted, inserted, swapped or changed character. */
function typo(r, word) {
  if (word.length < 2) return word + 'x';
  const i = r.int(0, word.length - 2);
  switch (r.int(0, 3)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + 'q' + word.slice(i);
    case 2:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    default:
      return word.slice(0, i) + word[i].toUpperCase() + word.slice(i + 1);
  }
}

function scalar(r) {
  return r.weighted([
    [8, () => r.pick(SCALARS)],
    [2, () => String(r.int(-5, 70000))],
    [1, () => JSON.stringify(randomWord(r, 30))],
    [1, () => randomUnicode(r, 20)],
  ])();
}

function randomUnicode(r, n) {
  let s = '';
  const len = r.int(0, n);
  for (let i = 0; i < len; i++) {
    const cp = r.weighted([
      [6, () => r.int(0x20, 0x7e)],
      [1, () => r.int(0x80, 0x7ff)],
      [1, () => r.int(0x800, 0xd7ff)],
      [1, () => r.int(0x10000, 0x10ffff)],
      [1, () => r.pick([0x09, 0x0a, 0x0d, 0x85, 0x2028, 0xfeff, 0x0b])],
    ])();
    s += String.fromCodePoint(cp);
  }
  return s;
}

function modeline(r) {
  const parts = [];
  const n = r.int(1, 3);
  for (let i = 0; i < n; i++) {
    parts.push(
      r.weighted([
        [4, () => `version=${r.pick(VERSIONS)}`],
        [3, () => `kernel=${r.pick(KERNELS)}`],
        [
          2,
          () =>
            `disable=${r.pick(['kpr-disabled', 'unknown-key', 'iptables-masquerade', 'nope', ''])} ${r.chance(0.5) ? 'because' : ''}`,
        ],
        [
          1,
          () =>
            `base=${r.pick(['../values.yaml', 'base.yaml', '/etc/passwd', '/proc/self/status', 'file:///etc/hostname', '/dev/zero', '/nonexistent/x.yaml', '..', 'http://example.com/x', '%00', 'a'.repeat(300)])}`,
        ],
        [1, () => `${randomWord(r)}=${randomWord(r)}`],
        [1, () => randomUnicode(r, 10)],
      ])(),
    );
  }
  return `# cilium-datapath: ${parts.join(' ')}`;
}

/** Nested block YAML from dotted paths. */
function valuesFromPaths(r, paths) {
  const tree = {};
  for (const p of paths) {
    const segs = p.split('.');
    let node = tree;
    for (let i = 0; i < segs.length - 1; i++) {
      if (typeof node[segs[i]] !== 'object' || node[segs[i]] === null) node[segs[i]] = {};
      node = node[segs[i]];
    }
    node[segs[segs.length - 1]] = scalar(r);
  }
  const lines = [];
  const emit = (node, indent) => {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'object') {
        lines.push(`${' '.repeat(indent)}${k}:`);
        emit(v, indent + 2);
      } else if (v.includes('\n')) {
        lines.push(`${' '.repeat(indent)}${k}: ${v.replace(/\n/g, '\n' + ' '.repeat(indent))}`);
      } else lines.push(`${' '.repeat(indent)}${k}: ${v}`);
    }
  };
  emit(tree, 0);
  return lines.join('\n') + '\n';
}

function ciliumValues(r) {
  const paths = [];
  const n = r.int(0, 25);
  for (let i = 0; i < n; i++) {
    const p = r.pick(PATHS);
    paths.push(
      r.chance(0.1)
        ? p
            .split('.')
            .map((s) => (r.chance(0.3) ? typo(r, s) : s))
            .join('.')
        : p,
    );
  }
  let text = valuesFromPaths(r, paths);
  if (r.chance(0.3)) text = modeline(r) + '\n' + text;
  if (r.chance(0.1)) text += modeline(r) + '\n';
  return text;
}

function configMap(r) {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${r.chance(0.9) ? 'cilium-config' : randomWord(r)}`,
    '  namespace: kube-system',
    'data:',
  ];
  const n = r.int(0, 30);
  for (let i = 0; i < n; i++) {
    const k = r.chance(0.85) ? r.pick(CM_KEYS) : r.chance(0.5) ? typo(r, r.pick(CM_KEYS)) : randomWord(r);
    lines.push(
      `  ${k}: ${r.weighted([
        [
          5,
          () => JSON.stringify(r.pick(['true', 'false', 'strict', 'native', 'vxlan', '1500', '', 'disabled', 'yes'])),
        ],
        [1, () => scalar(r)],
      ])()}`,
    );
  }
  let text = lines.join('\n') + '\n';
  if (r.chance(0.2)) text = `${modeline(r)}\n${text}`;
  if (r.chance(0.15)) text = `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: x\n---\n${text}`;
  return text;
}

/** Text meant to hurt: bombs, deep nesting, binary, templates, odd YAML features. */
function hostile(r) {
  return r.weighted([
    [
      2,
      () =>
        `a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nkubeProxyReplacement: true\n`,
    ],
    [2, () => `bpf:\n${'  '.repeat(1)}${'['.repeat(r.int(10, 3000))}${']'.repeat(r.chance(0.5) ? 0 : 3000)}\n`],
    [
      2,
      () => {
        const depth = r.int(50, 3000);
        let s = 'kubeProxyReplacement: true\nx:\n';
        for (let i = 0; i < depth; i++) s += `${' '.repeat(i + 1)}k${i}:\n`;
        return s;
      },
    ],
    [2, () => `kubeProxyReplacement: true\nbpf:\n  masquerade: true\n\u0000\n`],
    [2, () => randomUnicode(r, 400)],
    [
      1,
      () =>
        `# cilium-datapath: version=1.16\n{{- if .Values.x }}\nkubeProxyReplacement: {{ .Values.kpr }}\n{{- end }}\n`,
    ],
    [2, () => `kubeProxyReplacement: true\n? [a, b]\n: c\n? {x: 1}\n: d\nbpf:\n  ? [masquerade]\n  : true\n`],
    [1, () => `kubeProxyReplacement: true\nkubeProxyReplacement: false\nbpf: {masquerade: true, masquerade: false}\n`],
    [1, () => `\ufeffkubeProxyReplacement: true\r\nbpf:\r\n  masquerade: true\r\n`],
    [1, () => `kubeProxyReplacement:\ttrue\n\tbpf:\n  masquerade: yes\n`],
    [1, () => `routingMode: native\n${'x'.repeat(r.int(1000, 200000))}: 1\n`],
    [1, () => `# cilium-datapath: version=${'9'.repeat(r.int(100, 100000))}\nkubeProxyReplacement: true\n`],
    [1, () => `- a\n- b\n`],
    [1, () => `just a scalar`],
    [1, () => ''],
    [1, () => '---\n---\n---\n'],
    [1, () => `%YAML 1.1\n---\nkubeProxyReplacement: on\nbpf: !!map {masquerade: !!bool "true"}\n`],
    [1, () => `__proto__: {polluted: true}\nconstructor: {prototype: {x: 1}}\nkubeProxyReplacement: true\n`],
    [1, () => `USER-SUPPLIED VALUES:\nkubeProxyReplacement: true\n`],
    [
      1,
      () =>
        `kubeProxyReplacement: true\nbpf:\n  masquerade: true\n  hostLegacyRouting: "${'a'.repeat(r.int(100, 50000))}"\n`,
    ],
    [
      1,
      () => {
        const n = r.int(500, 3000);
        let s = 'routingMode: native\n';
        for (let i = 0; i < n; i++) s += `key${i}: value${i}\n`;
        return s;
      },
    ],
    [
      1,
      () =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  enable-bpf-masquerade: [true]\n  kube-proxy-replacement: {a: 1}\n  tunnel: 12\n`,
    ],
  ])();
}

/** One document text. */
export function document(r) {
  return r.weighted([
    [10, () => ciliumValues(r)],
    [4, () => configMap(r)],
    [4, () => hostile(r)],
    [2, () => randomUnicode(r, 200)],
  ])();
}

// ---------------------------------------------------------------------------------------------
// Edits

function lineCount(text) {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function randomPosition(r, text, valid = true) {
  const lines = lineCount(text);
  if (!valid)
    return r.pick([
      { line: -1, character: 0 },
      { line: 1.5, character: 2 },
      { line: lines + 50, character: 0 },
      { line: 0, character: -3 },
      { line: 2 ** 31, character: 2 ** 31 },
      { line: 0, character: 1e9 },
    ]);
  return { line: r.int(0, lines), character: r.int(0, 40) };
}

/** A contentChanges list for textDocument/didChange; `next` is applied by the server, so the caller tracks text itself only for full replacements. */
export function edit(r, text) {
  return r.weighted([
    [
      6,
      () => {
        const start = randomPosition(r, text);
        const end = r.chance(0.5) ? start : { line: start.line + r.int(0, 2), character: r.int(0, 40) };
        const insert = r.weighted([
          [
            4,
            () =>
              r.pick([
                'a',
                'e',
                ' ',
                '\n',
                ': ',
                'true',
                'false',
                '  ',
                '-',
                '#',
                '{',
                '[',
                '"',
                "'",
                '&x ',
                '*x',
                '? ',
                '|',
                '\t',
              ]),
          ],
          [2, () => `${r.pick(PATHS).split('.').pop()}: ${scalar(r)}\n`],
          [1, () => randomUnicode(r, 30)],
          [1, () => `\n${modeline(r)}\n`],
        ])();
        return {
          full: false,
          changes: [
            {
              range: {
                start,
                end:
                  end.line < start.line || (end.line === start.line && end.character < start.character) ? start : end,
              },
              text: insert,
            },
          ],
        };
      },
    ],
    [2, () => ({ full: true, changes: [{ text: document(r) }] })],
    [
      1,
      () => ({
        full: false,
        changes: [{ range: { start: randomPosition(r, text, false), end: randomPosition(r, text, false) }, text: 'x' }],
      }),
    ],
  ])();
}

// ---------------------------------------------------------------------------------------------
// Requests

export const REQUEST_METHODS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/codeAction',
  'textDocument/codeLens',
  'ciliumDatapath/verdict',
  'workspace/executeCommand',
];

/** A request for `uri` (or a broken one): [method, params]. */
export function request(r, uri, text, otherUris) {
  const valid = r.chance(0.8);
  const target = r.chance(0.9)
    ? uri
    : r.pick([...otherUris, 'file:///nowhere.yaml', 'untitled:Untitled-1', 'not a uri', '']);
  const position = randomPosition(r, text, valid);
  const method = r.pick(REQUEST_METHODS);
  if (!valid && r.chance(0.4)) {
    // broken shapes: missing fields, wrong types
    return [
      method,
      r.pick([
        null,
        {},
        { position },
        { textDocument: {} },
        { textDocument: { uri: 42 }, position },
        { textDocument: { uri: target }, position: 'x' },
        { textDocument: { uri: target } },
        [],
        'string',
        { uri: null },
        { command: 42, arguments: 'x' },
      ]),
    ];
  }
  switch (method) {
    case 'textDocument/hover':
    case 'textDocument/completion':
      return [method, { textDocument: { uri: target }, position }];
    case 'textDocument/codeAction':
      return [
        method,
        {
          textDocument: { uri: target },
          range: { start: position, end: position },
          context: {
            diagnostics: r.chance(0.3)
              ? [
                  {
                    range: { start: position, end: position },
                    message: 'x',
                    code: r.pick(['unknown-key', 'kpr-disabled', 42, null]),
                    source: 'cilium-datapath',
                    data: r.pick([undefined, null, { fixes: 'x' }, { fix: 0 }]),
                  },
                ]
              : [],
          },
        },
      ];
    case 'textDocument/codeLens':
      return [method, { textDocument: { uri: target } }];
    case 'ciliumDatapath/verdict':
      return [method, r.pick([{ uri: target }, { uri: 42 }, null])];
    default:
      return [
        method,
        {
          command: r.pick(['ciliumDatapath.explain', 'ciliumDatapath.explain', 'x']),
          arguments: r.pick([[target], [], [42], [{ uri: target }], undefined]),
        },
      ];
  }
}
