/**
 * The live check end to end: gather with kubectl, predict per node with the core, compare, and
 * (optionally) compare the verdict of the user's files with what the cluster runs. Shared by the
 * CLI (`cilium-datapath live`) and the VS Code command.
 */
import {
  analyze,
  analyzeRelease,
  buildReport,
  describeRelease,
  planReleases,
  type Analysis,
  type AnalyzeOutcome,
  type InputFile,
  type LiveReport,
  type ReadRelative,
} from '../core';
import { gatherCluster, type GatherOptions } from './gather';

export interface CheckOptions extends GatherOptions {
  /** values files or a ConfigMap to compare with the cluster */
  files?: InputFile[];
  /** Cilium version for the files; default: their modeline, else the version the cluster runs */
  fileCiliumVersion?: string;
  /** reader for files a wrapped release names (valuesFile, Chart.yaml), per input file */
  readerFor?: (file: string) => ReadRelative | undefined;
}

export type FileAnalysisOutcome = { ok: true; analysis: Analysis } | { ok: false; message: string } | null;

export async function checkLiveCluster(o: CheckOptions): Promise<{ report: LiveReport; fileError: string | null }> {
  const snap = await gatherCluster(o);
  let fileError: string | null = null;
  let file: { files: string[]; analysis: Analysis } | undefined;
  if (o.files && o.files.length > 0 && !snap.fatal) {
    // a file holding a wrapped release (HelmRelease, Application…) is compared through that release
    const plan = planReleases(o.files, { ciliumVersion: o.fileCiliumVersion }, o.readerFor);
    const files = o.files;
    let run: (version?: string) => AnalyzeOutcome = (version) =>
      analyze(files, { ciliumVersion: version ?? o.fileCiliumVersion });
    if (plan.kind === 'error') fileError = plan.message;
    else if (plan.kind === 'releases' && plan.runs.length !== 1)
      fileError = `${o.files[o.files.length - 1].name} holds ${plan.runs.map((r) => describeRelease(r.release)).join(', ')}; compare one release at a time`;
    else if (plan.kind === 'releases') {
      const before = o.files.slice(0, -1);
      const release = plan.runs[0].release;
      run = (version) =>
        analyzeRelease(release, { ciliumVersion: o.fileCiliumVersion, fallbackVersion: version, before });
    }
    if (!fileError) {
      let res = run();
      if (res.ok && res.analysis.ciliumVersion.source === 'default') {
        const versions = [
          ...new Set(
            snap.nodes.map((n) => n.pod?.imageVersion ?? n.status?.ciliumVersion).filter((v): v is string => !!v),
          ),
        ];
        const v = versions.length === 1 ? versions[0] : snap.daemonSet?.imageVersion;
        if (v) {
          const again = run(v);
          if (again.ok) res = again;
        }
      }
      if (res.ok) file = { files: res.analysis.files, analysis: res.analysis };
      else fileError = res.error.message;
    }
  }
  return { report: buildReport(snap, file), fileError };
}
