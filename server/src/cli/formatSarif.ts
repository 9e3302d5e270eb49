/** `--format sarif`: SARIF 2.1.0 for code-scanning tools. */
import { RULES, ruleDocsUrl, type Analysis, type Severity } from '../core';
import { pathToFileURL } from 'node:url';
import { isAbsolute, relative } from 'node:path';

function level(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

function uri(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file.split('\\').join('/');
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? pathToFileURL(file).href : rel.split('\\').join('/');
}

export function toSarif(a: Analysis, version: string, cwd = process.cwd()): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cilium-datapath',
            version,
            informationUri: 'https://github.com/cilium-datapath/cilium-datapath',
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.title },
              fullDescription: { text: r.summary },
              helpUri: ruleDocsUrl(r.id),
              defaultConfiguration: { level: level(r.defaultSeverity) },
            })),
          },
        },
        results: a.findings.map((f) => ({
          ruleId: f.ruleId,
          level: level(f.severity),
          message: { text: f.agentLog ? `${f.message} Agent log: ${f.agentLog}` : f.message },
          locations: f.location
            ? [
                {
                  physicalLocation: {
                    artifactLocation: { uri: uri(f.location.file, cwd) },
                    region: {
                      startLine: f.location.range.start.line + 1,
                      startColumn: f.location.range.start.character + 1,
                      endLine: f.location.range.end.line + 1,
                      endColumn: f.location.range.end.character + 1,
                    },
                  },
                },
              ]
            : [],
          properties: { agentLog: f.agentLog },
        })),
        properties: {
          hostRouting: a.hostRouting.mode,
          summary: a.hostRouting.summary,
          ciliumVersion: a.ciliumVersion.evaluated,
          ciliumVersionSource: a.ciliumVersion.source,
          assumptions: a.assumptions,
          ...(a.release
            ? { release: { kind: a.release.kind, name: a.release.name, namespace: a.release.namespace } }
            : {}),
        },
      },
    ],
  };
}

/** Several analyses (one per wrapped release) as one SARIF run. */
export function toSarifMany(analyses: Analysis[], version: string, cwd = process.cwd()): object {
  if (analyses.length === 1) return toSarif(analyses[0], version, cwd);
  const logs = analyses.map(
    (a) => toSarif(a, version, cwd) as { runs: Array<{ results: unknown[]; properties: Record<string, unknown> }> },
  );
  const first = logs[0] ?? (toSarifEmpty(version) as (typeof logs)[0]);
  const run = first.runs[0];
  run.results = logs.flatMap((l) => l.runs[0].results);
  run.properties = {
    releases: analyses.map((a, i) => ({
      ...logs[i].runs[0].properties,
      release: a.release ? { kind: a.release.kind, name: a.release.name, namespace: a.release.namespace } : null,
    })),
  };
  return first;
}

function toSarifEmpty(version: string): object {
  const log = toSarif(
    {
      findings: [],
      hostRouting: { mode: 'Unknown', summary: '' },
      ciliumVersion: { evaluated: '' },
      assumptions: [],
    } as unknown as Analysis,
    version,
  ) as { runs: Array<{ results: unknown[] }> };
  log.runs[0].results = [];
  return log;
}
