/**
 * The custom requests between the server and its clients (their parameter and result types are
 * in messages.ts and reportData.ts). The only part of the contract with a run-time dependency,
 * the protocol package: the VS Code client loads it with its language client, after activation.
 */
import { RequestType } from './rpc';
import type {
  UpgradeReportParams,
  UpgradeReportResult,
  UpgradeTargetsParams,
  UpgradeTargetsResult,
  VerdictParams,
  VerdictResult,
} from './messages';
import type { ExplainData, ExplainDataParams } from './reportData';

/** `ciliumDatapath/verdict`: the verdict for an open document; null when it is not a Cilium file. */
export const VerdictRequest = new RequestType<VerdictParams, VerdictResult | null, void>('ciliumDatapath/verdict');

/** `ciliumDatapath/upgradeTargets`: the releases a document can be checked against; null when it is not a Cilium file. */
export const UpgradeTargetsRequest = new RequestType<UpgradeTargetsParams, UpgradeTargetsResult | null, void>(
  'ciliumDatapath/upgradeTargets',
);

/** `ciliumDatapath/upgradeReport`: what upgrading changes for a document; null when it is not a Cilium file. */
export const UpgradeReportRequest = new RequestType<UpgradeReportParams, UpgradeReportResult | null, void>(
  'ciliumDatapath/upgradeReport',
);

/** `ciliumDatapath/explainData`: the explanation of an open document as data; null when it is not ours. */
export const ExplainDataRequest = new RequestType<ExplainDataParams, ExplainData | null, void>(
  'ciliumDatapath/explainData',
);
