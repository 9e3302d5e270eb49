// Writes docs/rules/<id>.md for every rule in the registry (npm run docs). `--check` fails when a
// page is missing or stale. The pages are generated from the rules' own summaries (our words).
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../server/src/core/families/registry';

const dir = join(__dirname, '..', 'docs', 'rules');
const check = process.argv.includes('--check');

/** How to see the id, the same on every page. */
const SEEING_IT = [
  '## Seeing it',
  '',
  '```sh',
  'cilium-datapath explain --cilium-version <version> values.yaml',
  '```',
  '',
];

function findingSections(id: string): string[] {
  return [
    ...SEEING_IT,
    'The finding carries this id in the text, JSON (`ruleId`) and SARIF output, with the exact agent log line where there is one.',
    '',
    '## Silencing it',
    '',
    'When the behaviour is intended, say why in the file itself:',
    '',
    '```yaml',
    `# cilium-datapath: disable=${id} <why this is fine here>`,
    '```',
    '',
    'The finding then moves to `suppressed` with your reason; the verdict does not change.',
    '',
  ];
}

function noteOnlySections(id: string, coveredBy: string): string[] {
  return [
    ...SEEING_IT,
    `This id labels a note among the reasons of the datapath checklist (the CLI's checklist table and JSON \`features[].reasons\`, the Explain view); it raises no finding of its own, because [\`${coveredBy}\`](${coveredBy}.md) already reports the same value as a finding.`,
    '',
    '## Silencing it',
    '',
    `There is nothing to silence here: a note changes no verdict. To silence the finding, disable \`${coveredBy}\` with a reason (\`# cilium-datapath: disable=${coveredBy} <why>\`).`,
    '',
  ];
}

function page(r: (typeof RULES)[number]): string {
  return [
    `# \`${r.id}\` — ${r.title}`,
    '',
    `Default severity: **${r.defaultSeverity}**.`,
    '',
    r.summary,
    '',
    ...(r.noteOnly ? noteOnlySections(r.id, r.noteOnly.coveredBy) : findingSections(r.id)),
  ].join('\n');
}

const index = [
  '# Rules',
  '',
  '| id | severity | title |',
  '|---|---|---|',
  ...RULES.map((r) => `| [\`${r.id}\`](${r.id}.md) | ${r.defaultSeverity} | ${r.title} |`),
  '',
].join('\n');
const files: Array<[string, string]> = [
  ...RULES.map((r) => [join(dir, `${r.id}.md`), page(r)] as [string, string]),
  [join(dir, 'README.md'), index],
];
let stale = 0;
for (const [f, text] of files) {
  if (check) {
    if (!existsSync(f) || readFileSync(f, 'utf8') !== text) {
      console.error(`stale or missing: ${f} (run npm run docs)`);
      stale++;
    }
  } else {
    mkdirSync(dir, { recursive: true });
    writeFileSync(f, text);
  }
}
if (check && stale) process.exit(1);
if (!check) console.log(`wrote ${files.length} pages to docs/rules`);
