/**
 * Contract of `ciliumDatapath/explainData`: the explanation of a document's verdict as data, for
 * clients that draw it themselves (the VS Code report view). Plain strings, no markup; locations
 * are LSP ranges in the file they name. Types only (the request object is in requests.ts).
 *
 * `sections` is the open end: any part of the server can add a titled section made of generic
 * blocks (text, list, table, code), and a client renders it without knowing what it is about
 * (a tuning checklist, a version table, …).
 */
import type { Range, TextEdit } from 'vscode-languageserver-protocol';

export interface ReportLocation {
  uri: string;
  range: Range;
}

/** A table or list cell: text, optionally a jump to a place in a file, a link, or a badge. */
export type ReportCell =
  | string
  | {
      text: string;
      /** shown as inline code */
      code?: boolean;
      /** clicking it opens the file at this place */
      location?: ReportLocation;
      /** https link (rule documentation, …) */
      href?: string;
      /** colour of a badge: good (BPF), warn (Legacy), bad (fails), neutral */
      badge?: 'good' | 'warn' | 'bad' | 'neutral';
      /** longer text shown on hover */
      title?: string;
    };

export type ReportBlock =
  | { kind: 'text'; text: string }
  | { kind: 'list'; items: ReportCell[] }
  | { kind: 'table'; columns: string[]; rows: ReportCell[][] }
  | { kind: 'code'; text: string };

export interface ReportSection {
  /** stable id (`suppressed`, `assumptions`, `checklist`, `versions`, …) */
  id: string;
  title: string;
  blocks: ReportBlock[];
  /** start folded */
  collapsed?: boolean;
}

export interface ExplainFix {
  /** unique in one ExplainData */
  id: string;
  title: string;
  ruleId: string;
  /** where the finding the fix belongs to sits (the quick fix is looked up there) */
  at?: ReportLocation;
  edits: Array<{ uri: string; edit: TextEdit }>;
}

export interface ExplainEvidence {
  key: string;
  /** `"true"`, `unset → false` */
  value: string;
  /** `set on line 6 (enableIPv4Masquerade)`, `chart default of bpf.masquerade (chart 1.16.4)` */
  origin: string;
  location?: ReportLocation;
}

export interface ExplainReason {
  ruleId: string;
  docsUrl?: string;
  /** the reason the agent acts on (false: it would stop there once the decisive one is fixed) */
  decisive: boolean;
  /** a few words (`Legacy — aws-cni chaining forces it (silent)`) */
  label: string;
  /** the full sentence */
  message: string;
  /** what the agent logs, or that it is silent, as a sentence */
  logLine: string;
  /** the exact line the agent logs, null when it logs nothing */
  agentLog: string | null;
  silent: boolean;
  evidence: ExplainEvidence[];
  fixes: ExplainFix[];
  /** where the finding is shown in the file */
  location?: ReportLocation;
}

export interface ExplainData {
  uri: string;
  version: number;
  mode: 'BPF' | 'Legacy' | 'AgentFails' | 'Unknown';
  /** `Legacy on Cilium 1.16.4 — BPF host routing requires enable-bpf-masquerade.` */
  summary: string;
  /** `Cilium 1.16.4 (from the modeline), kernel 5.4` */
  versionLine: string;
  /** `Helm values (chart 1.16.4 defaults): values.yaml` */
  inputs: string;
  /** heading over `reasons`, in the order the agent checks */
  reasonsHeading: string;
  reasons: ExplainReason[];
  /** heading before the first non-decisive reason */
  furtherHeading: string;
  /** findings that are not reasons of the verdict (key checks, masquerading, …) */
  findings: ExplainReason[];
  sections: ReportSection[];
  /** the same explanation as Markdown (for "Open as Markdown") */
  markdown: string;
}

export interface ExplainDataParams {
  uri: string;
  /** a document wrapping several Cilium releases (HelmRelease, Application…): which one (default 0) */
  release?: number;
}
