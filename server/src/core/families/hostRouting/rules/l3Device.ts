import type { HostRoutingCheck } from '../../rule';
import { fallbackLine } from '../../rule';

/** Devices without a MAC address (WireGuard, tun, ppp, …) listed in `devices`, 1.10–1.13. */
const L3_NAME = /^(wg|tun|ppp|ipip|gre|sit|tailscale|zt|cilium_wg)/;

export const l3Device: HostRoutingCheck = {
  meta: {
    id: 'l3-device',
    title: 'A device without a link-layer address (Cilium 1.10–1.13)',
    defaultSeverity: 'warning',
    summary:
      'Cilium 1.10 to 1.13 refuse BPF host routing when a device the agent attaches to has no MAC address (WireGuard, tun and similar L3 devices). We can only guess from the device name; the agent checks the real device.',
  },
  test: ({ cfg }) => {
    const ev = cfg.ev('devices');
    if (!ev.value) return null;
    const names = ev.value.split(/[\s,]+/).filter(Boolean);
    return names.some((n) => L3_NAME.test(n)) ? [ev] : null;
  },
  agentLog: () => fallbackLine('BPF host routing is currently not supported with devices without L2 addr.'),
  message: ({ cfg }) =>
    `devices (${cfg.str('devices')}) names what looks like a device without a MAC address; this version then refuses BPF host routing.`,
  fixes: () => [],
};
