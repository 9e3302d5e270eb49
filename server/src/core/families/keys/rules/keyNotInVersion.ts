import type { RuleMeta } from '../../rule';

/** A key that other chart (or agent) versions have, but not the one you target. */
export const keyNotInVersion: RuleMeta = {
  id: 'key-not-in-version',
  title: 'Key from another version',
  defaultSeverity: 'warning',
  summary:
    'The key exists, but only in newer (or other) releases than the one you target: bpf.datapathMode arrived in chart 1.16, routing-mode in the 1.14 agent. The chart or agent of your version ignores it, so the setting does nothing until you upgrade. Check the target version (the `# cilium-datapath: version=` modeline or the ciliumDatapath.ciliumVersion setting) or use the older spelling.',
};
