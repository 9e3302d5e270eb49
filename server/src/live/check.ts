/**
 * The live check end to end: gather with kubectl, predict per node with the core, compare, and
 * (optionally) compare the verdict of the user's files with what the cluster runs. Shared by the
 * CLI (`cilium-datapath live`) and the VS Code command.
 */
import { analyze, buildReport, type Analysis, type InputFile, type LiveReport } from '../core';
import { gatherCluster, type GatherOptions } from './gather';

export interface CheckOptions extends GatherOptions {
  /** values files or a ConfigMap to compare with the cluster */
  files?: InputFile[];
  /** Cilium version for the files; default: their modeline, else the version the cluster runs */
  fileCiliumVersion?: string;
}

export type FileAnalysisOutcome = { ok: true; analysis: Analysis } | { ok: false; message: string } | null;

export async function checkLiveCluster(o: CheckOptions): Promise<{ report: LiveReport; fileError: string | null }> {
  const snap = await gatherCluster(o);
  let fileError: string | null = null;
  let file: { files: string[]; analysis: Analysis } | undefined;
  if (o.files && o.files.length > 0 && !snap.fatal) {
    let res = analyze(o.files, { ciliumVersion: o.fileCiliumVersion });
    if (res.ok && res.analysis.ciliumVersion.source === 'default') {
      const versions = [...new Set(snap.nodes.map((n) => n.pod?.imageVersion ?? n.status?.ciliumVersion).filter((v): v is string => !!v))];
      const v = versions.length === 1 ? versions[0] : snap.daemonSet?.imageVersion;
      if (v) {
        const again = analyze(o.files, { ciliumVersion: v });
        if (again.ok) res = again;
      }
    }
    if (res.ok) file = { files: o.files.map((f) => f.name), analysis: res.analysis };
    else fileError = res.error.message;
  }
  return { report: buildReport(snap, file), fileError };
}
