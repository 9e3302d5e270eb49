/**
 * Generated clusters of any size (`large-<nodes>`, e.g. `large-1000`, `large-5000`) for the live
 * check at scale: a few node pools that differ in what the verdict depends on (kernel line,
 * CiliumNodeConfig overrides), and a few nodes that differ from their pool:
 *
 * | pool       | share | kernel / OS                  | override                          | truth                                   |
 * | ---------- | ----- | ---------------------------- | --------------------------------- | --------------------------------------- |
 * | general    | ~55 % | 6.8 Ubuntu 24.04             | –                                 | BPF                                     |
 * | lts        | ~25 % | 5.15 Ubuntu 22.04            | –                                 | BPF                                     |
 * | old        | ~10 % | 5.4 Ubuntu 20.04             | –                                 | Legacy, "requires kernel 5.10" line     |
 * | egress     | ~10 % | 6.8 Ubuntu 24.04             | enable-bpf-masquerade=false       | Legacy, "requires enable-bpf-masquerade"|
 *
 * Odd nodes (when the cluster has at least 20 nodes): one general node whose agent started before
 * the last cilium-config change and still runs legacy routing (drift); one general node whose
 * agent crash-loops; one lts node whose agent restarted 12 minutes ago; one lts node still on the
 * previous Cilium patch release (an upgrade in progress).
 *
 * Deterministic: the same size gives the same cluster.
 */
import type { AgentPod, NodeSpec, Scenario } from '../types';
import { chartConfigMap } from '../cilium/configMap';
import { nameSuffix } from '../cilium/ids';
import { REASON, bpfTruth, fallbackLine, node } from './common';

const V = '1.16.5';
const PREVIOUS = '1.16.4';
const settings = { routingMode: 'tunnel' as const, kubeProxyReplacement: 'true', bpfMasquerade: true };
/** minutes before the server started: the last `helm upgrade` changed cilium-config then */
const CONFIG_CHANGED = 60 * 24 * 2;

const bpf = bpfTruth({
  kubeProxyReplacement: 'True',
  network: 'Tunnel',
  tunnelProtocol: 'vxlan',
  why: '1.16, kernel >= 5.10, KPR true, BPF masquerade: BPF',
});
const oldKernel = {
  ...bpf,
  hostRouting: 'Legacy' as const,
  fallbackLog: fallbackLine(REASON.kernel),
  why: '1.16 on kernel 5.4: logged fallback (4.19 would not start: 1.16 needs 5.2)',
};
const egress = {
  ...bpf,
  hostRouting: 'Legacy' as const,
  masquerading: 'IPTables' as const,
  fallbackLog: fallbackLine(REASON.bpfMasquerade),
  why: 'CiliumNodeConfig "egress-iptables" turns BPF masquerading off: logged fallback',
};
const drifted = {
  ...bpf,
  hostRouting: 'Legacy' as const,
  unexplained: true,
  why: 'agent not restarted since enable-host-legacy-routing "true" was removed from cilium-config: still Legacy, no fallback line',
};

type Pool = 'general' | 'lts' | 'old' | 'egress';
const POOLS: Record<Pool, { kernel: string; osImage: string; labels: Record<string, string> }> = {
  general: { kernel: '6.8.0-51-generic', osImage: 'Ubuntu 24.04.1 LTS', labels: { pool: 'general' } },
  lts: { kernel: '5.15.0-130-generic', osImage: 'Ubuntu 22.04.5 LTS', labels: { pool: 'lts' } },
  old: { kernel: '5.4.0-200-generic', osImage: 'Ubuntu 20.04.6 LTS', labels: { pool: 'old' } },
  egress: { kernel: '6.8.0-51-generic', osImage: 'Ubuntu 24.04.1 LTS', labels: { pool: 'egress', egress: 'iptables' } },
};

function poolOf(i: number): Pool {
  const r = i % 20;
  if (r < 11) return 'general';
  if (r < 16) return 'lts';
  if (r < 18) return 'old';
  return 'egress';
}

/** The odd nodes, by index (only in clusters of 20 nodes or more). */
export const ODD = { drift: 0, crashloop: 1, restarted: 11, previousVersion: 12 } as const;

export function generatedScenario(nodes: number): Scenario {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 20_000)
    throw new Error(`generated scenario: ${nodes} nodes (1 to 20,000)`);
  const name = `large-${nodes}`;
  const odd = nodes >= 20;
  const usedPodNames = new Set<string>();
  const list: NodeSpec[] = [];
  for (let i = 0; i < nodes; i++) {
    const pool = poolOf(i);
    const p = POOLS[pool];
    const nodeName = `${pool}-${String(i + 1).padStart(5, '0')}`;
    let podName = `cilium-${nameSuffix(`${name}:${nodeName}`)}`;
    for (let k = 1; usedPodNames.has(podName); k++) podName = `cilium-${nameSuffix(`${name}:${nodeName}:${k}`)}`;
    usedPodNames.add(podName);
    let agent: AgentPod = {
      name: podName,
      version: V,
      state: 'running',
      // rolled out after the last configuration change
      startedMinutesAgo: CONFIG_CHANGED - 30 - (i % 600),
      truth: pool === 'old' ? oldKernel : pool === 'egress' ? egress : bpf,
    };
    if (odd && i === ODD.drift) {
      agent = {
        ...agent,
        startedMinutesAgo: 60 * 24 * 9,
        truth: drifted,
        startupConfig: chartConfigMap(V, { ...settings, hostLegacyRouting: true }),
      };
    } else if (odd && i === ODD.crashloop) {
      agent = {
        ...agent,
        state: 'crashloop',
        restartCount: 9,
        startedMinutesAgo: 60 * 2,
        truth: null,
        fatalMessage:
          'daemon creation failed: error while initializing daemon: failed while reinitializing datapath: unable to install ip rules: file exists',
      };
    } else if (odd && i === ODD.restarted) {
      agent = { ...agent, restartCount: 2, startedMinutesAgo: 12 };
    } else if (odd && i === ODD.previousVersion) {
      agent = { ...agent, version: PREVIOUS, startupConfig: chartConfigMap(PREVIOUS, settings) };
    }
    const a = 10 + Math.floor(i / 250);
    const b = i % 250;
    list.push(
      node(
        {
          name: nodeName,
          kernel: p.kernel,
          osImage: p.osImage,
          ip: `10.${a}.${Math.floor(b / 250)}.${(b % 250) + 2}`,
          podCIDR: `10.${128 + Math.floor(i / 256)}.${i % 256}.0/24`,
          labels: { ...p.labels },
          controlPlane: i === 2,
        },
        agent,
      ),
    );
  }
  return {
    name,
    description: `Generated: Cilium ${V}, ${nodes} nodes in 4 pools (kernel 6.8 / 5.15 / 5.4, and a CiliumNodeConfig that turns BPF masquerading off)${odd ? '; one drifted, one crash-looping, one recently restarted agent and one still on ' + PREVIOUS : ''}`,
    kubernetesVersion: 'v1.31.4',
    cilium: {
      version: V,
      generation: 4,
      configMap: chartConfigMap(V, settings),
      installedMinutesAgo: 60 * 24 * 90,
      configMapChangedMinutesAgo: CONFIG_CHANGED,
      nodeConfigs: [
        {
          name: 'egress-iptables',
          nodeSelector: { egress: 'iptables' },
          defaults: { 'enable-bpf-masquerade': 'false' },
          createdMinutesAgo: 60 * 24 * 20,
        },
      ],
    },
    nodes: list,
  };
}

/** `large-1000` → the generated scenario with 1,000 nodes; anything else → undefined. */
export function generatedByName(name: string): Scenario | undefined {
  const m = /^large-(\d{1,5})$/.exec(name);
  return m ? generatedScenario(Number(m[1])) : undefined;
}
