import type { RuleMeta } from '../../rule';

/** The chart's own validation fails: `helm install` / `helm template` stops. */
export const chartRefuses: RuleMeta = {
  id: 'chart-refuses',
  title: 'The chart refuses these values',
  defaultSeverity: 'error',
  judges: ['presence', 'value'],
  summary:
    'The cilium chart validates some values itself and stops rendering when they are wrong (for example kubeProxyReplacement values this version does not accept, a tunnel value after its removal, or a routing mode that contradicts GKE/AKS BYOCNI mode). Nothing is installed, so there is no host routing to speak of.',
};
