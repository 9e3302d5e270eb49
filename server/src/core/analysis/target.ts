/**
 * Which Cilium version and kernel an analysis is for, in one place for the CLI, the language
 * server and the live check: an explicit option (command line) beats the files' modelines (the
 * last one wins), which beat the chart version a wrapper names (a HelmRelease's
 * spec.chart.spec.version…), which beats the editor settings, which beat the version inferred
 * from the files (the newest line that accepts every setting, core/versions/infer.ts), which
 * beats the defaults (the newest line; a kernel new enough for BPF host routing).
 */
import type { CiliumVersion, KernelVersion } from '../types';
import type { WrapperKind } from '../parse/wrappers/types';
import { parseCiliumVersion, parseKernelVersion } from '../version';
import { kernelSince } from '../facts/kernel';

export interface TargetRequest {
  /** e.g. `1.16`, `1.16.4`, `v1.17.6-cee.1` */
  ciliumVersion?: string;
  /** e.g. `6.2.0-39-generic` */
  kernel?: string;
  /** the chart version a wrapper names (below the modelines), and which wrapper */
  wrapperVersion?: { value: string; source: WrapperKind };
  /** a version below the wrapper's (the editor settings when a wrapper may name one); reported as `option` */
  fallbackVersion?: string;
}

/** What a modeline may say about the target. */
export interface ModelineTarget {
  version?: { value: string };
  kernel?: { value: string };
}

export interface Target {
  version?: CiliumVersion;
  versionSource: 'option' | 'modeline' | 'default' | WrapperKind;
  kernel?: KernelVersion;
  kernelSource: 'option' | 'modeline' | 'assumed';
}

/** The version steps in order; `inferred` is decided after an analysis (see `versionToInfer`). */
export const VERSION_PRECEDENCE = ['option', 'modeline', 'wrapper', 'settings', 'inferred', 'default'] as const;

/**
 * The last-but-one step: nothing named a version (no option, modeline or setting — settings
 * arrive here as options), so the caller infers it from the files before settling for the newest line.
 */
export function versionToInfer(source: Target['versionSource'] | 'inferred'): boolean {
  return source === 'default';
}

/** Option > modeline (last one wins) > wrapper's chart version > fallback (settings) > default. An unparsable option or modeline value is an error. */
export function chooseTarget(
  options: TargetRequest,
  modelines: readonly ModelineTarget[],
): { ok: true; target: Target } | { ok: false; error: string } {
  let versionInput = options.ciliumVersion;
  let versionSource: Target['versionSource'] = versionInput ? 'option' : 'default';
  let kernelInput = options.kernel;
  let kernelSource: Target['kernelSource'] = kernelInput ? 'option' : 'assumed';
  for (const m of modelines) {
    if (!options.ciliumVersion && m.version) {
      versionInput = m.version.value;
      versionSource = 'modeline';
    }
    if (!options.kernel && m.kernel) {
      kernelInput = m.kernel.value;
      kernelSource = 'modeline';
    }
  }
  if (versionInput === undefined && options.wrapperVersion) {
    versionInput = options.wrapperVersion.value;
    versionSource = options.wrapperVersion.source;
  }
  if (versionInput === undefined && options.fallbackVersion) {
    versionInput = options.fallbackVersion;
    versionSource = 'option';
  }
  const target: Target = { versionSource, kernelSource };
  if (versionInput !== undefined) {
    const pv = parseCiliumVersion(versionInput);
    if (!pv.ok) return { ok: false, error: pv.error };
    target.version = pv.value;
  }
  if (kernelInput !== undefined) {
    const pk = parseKernelVersion(kernelInput);
    if (!pk.ok) return { ok: false, error: pk.error };
    target.kernel = pk.value;
  }
  return { ok: true, target };
}

/**
 * Editor settings sit below the modelines: they become analysis options only where no modeline
 * of the files names a version or kernel. Unparsable settings are dropped with a message.
 */
export function settingsAsOptions(
  settings: TargetRequest,
  modelines: readonly ModelineTarget[],
): {
  options: TargetRequest;
  versionFromSettings: boolean;
  problems: Array<{ setting: 'ciliumVersion' | 'kernelVersion'; message: string }>;
} {
  const options: TargetRequest = {};
  const problems: Array<{ setting: 'ciliumVersion' | 'kernelVersion'; message: string }> = [];
  let versionFromSettings = false;
  if (settings.ciliumVersion && !modelines.some((m) => m.version)) {
    const v = parseCiliumVersion(settings.ciliumVersion);
    if (v.ok) {
      options.ciliumVersion = settings.ciliumVersion;
      versionFromSettings = true;
    } else problems.push({ setting: 'ciliumVersion', message: `${v.error}; using the newest supported line instead` });
  }
  if (settings.kernel && !modelines.some((m) => m.kernel)) {
    const k = parseKernelVersion(settings.kernel);
    if (k.ok) options.kernel = settings.kernel;
    else
      problems.push({
        setting: 'kernelVersion',
        message: `${k.error}; assuming ${kernelSince('redirectHelpers')} or newer instead`,
      });
  }
  return { options, versionFromSettings, problems };
}
