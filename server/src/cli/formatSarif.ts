/** `--format sarif`: SARIF 2.1.0 for code-scanning tools. */
import type { Analysis } from '../core/analyze';
import type { Severity } from '../core/types';
import { RULES, ruleDocsUrl } from '../core/families/registry';
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
          assumptions: a.assumptions,
        },
      },
    ],
  };
}
