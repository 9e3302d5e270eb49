/**
 * Everything the fake agent on one node knows about itself: its version, node, the configuration
 * it started with and its true datapath state. Built by the model from a scenario; consumed by the
 * status and log generators.
 */
import type { AgentPod, AgentTruth, NodeSpec } from '../types';
import { ipInCidr, linkLocal6 } from './ids';

export interface Peer {
  name: string;
  ip: string;
  healthIP: string;
}

export interface AgentContext {
  version: string;
  node: NodeSpec;
  pod: AgentPod;
  truth: AgentTruth;
  /** the cilium-config keys the agent read at startup */
  config: Record<string, string>;
  /** `/version` gitVersion of the cluster, e.g. `v1.31.4` */
  kubernetesVersion: string;
  /** nodes with a running agent (cluster health), including this one */
  peers: Peer[];
  cluster: string;
  now: Date;
  startedAt: Date;
}

/** What the log generator needs: like {@link AgentContext}, but a crash-looping agent has no truth. */
export interface LogContext extends Omit<AgentContext, 'truth'> {
  truth: AgentTruth | null;
}

export function platformOf(node: NodeSpec): string {
  return `linux/${node.arch ?? 'amd64'}`;
}

export function deviceOf(node: NodeSpec): string {
  return node.device ?? 'eth0';
}

export function routerIP(node: NodeSpec): string {
  return ipInCidr(node.podCIDR, 1 + (hashSmall(node.name) % 200));
}

export function healthIP(node: NodeSpec): string {
  return ipInCidr(node.podCIDR, 201 + (hashSmall(`${node.name}/health`) % 50));
}

export function nodeIPv6LinkLocal(node: NodeSpec): string {
  return linkLocal6(node.name);
}

/** cilium-config key as a Go bool (`true`, `1`, `t`, `T`, `TRUE`, `True`), with a default */
export function cfgBool(cfg: Record<string, string>, key: string, dflt: boolean): boolean {
  const v = cfg[key];
  if (v === undefined || v === '') return dflt;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  return dflt;
}

function hashSmall(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}
