/**
 * The one way into the core for the protocol layer, the CLI and the live check. Everything
 * outside server/src/core imports from here; the folders below are the core's own business.
 *
 *   analyze.ts      the pipeline: inputs → verdicts per family + findings
 *   analysis/       its stages: loading, target version/kernel, evaluation, placement, stops, suppression
 *   families/       one folder per family of rules (hostRouting, chart, configMap, keys) + registry.ts
 *   facts/          versioned facts: kube-proxy replacement, kernel features, agent defaults and log
 *                   sentences, key lifecycle (overlay), key docs (describeKey)
 *   agent/ chart/ parse/ schema/ status/ live/   the models the families read
 */
export {
  analyze,
  type Analysis,
  type AnalyzeOptions,
  type AnalyzeOutcome,
  type AnalyzeError,
  type AnalyzeErrorKind,
  type InputFile,
  type PreParsed,
  type PatchVariant,
} from './analyze';
export { chooseTarget, settingsAsOptions, type Target, type TargetRequest } from './analysis/target';
export type { Family, FamilyRun, EvaluationContext, VerdictBase, Stop } from './families/family';
export {
  FAMILIES,
  RULES,
  otherVerdicts,
  ruleMeta,
  ruleDocsUrl,
  RULE_DOCS_BASE,
  type Verdicts,
} from './families/registry';
export type { HostRoutingVerdict } from './families/hostRouting';
export type {
  TuningVerdict,
  TuningView,
  TuningResult,
  FeatureVerdict,
  FeatureId,
  FeatureState,
  FeatureReason,
  Advice,
  InactiveCause,
  ReasonKind,
} from './families/tuning';
export {
  FEATURE_IDS,
  FEATURES,
  TUNING_RULES,
  checklistRows,
  whyLine,
  stateLabel,
  adviceLines,
  logText,
  type ChecklistRow,
} from './families/tuning';
export {
  parseTuningStatus,
  observedFeatures,
  compareTuning,
  type TuningStatus,
  type ObservedFeature,
  type TuningMismatch,
} from './status/tuningStatus';
export type { RuleMeta, FixIntent } from './families/rule';
export { SCHEMA_RULE_IDS } from './families/keys/check';
export * from './types';
export {
  atLeast,
  before,
  compareVersion,
  formatVersion,
  lineAtLeast,
  parseCiliumVersion,
  parseKernelVersion,
  resolveVersion,
  NEWEST_LINE,
  OLDEST_LINE,
  LATEST_KNOWN_PATCH,
} from './version';
export { agentDefault } from './facts/agentDefaults';
export { FALLBACK_MARKER, FALLBACK_TAIL_RE, fallbackCause } from './facts/agentLog';
export { KERNEL_FEATURES, kernelHas, kernelSince, type KernelFeatureName } from './facts/kernel';
export {
  describeKey,
  configKeyDescription,
  configKeyFacts,
  defaultText,
  keyDocForConfigKey,
  keyDocForValue,
  typeWord,
  valueDescription,
  valueFacts,
  type KeyDescription,
  type KeyDoc,
} from './facts/keyDocs';
export {
  acceptedConfigValues,
  acceptedValues,
  configMapOverlay,
  configMapOverlayKeys,
  describeRange,
  inRange,
  scalarText,
  valueOverlay,
  type ValueRange,
} from './facts/overlay';
export { CHART_VERSIONS, chartChildKeys, chartDefault, chartKeyInfo, resolveChartVersion } from './chart/chartKeys';
export { yamlScalar } from './fix';
export { describeValue, uniqueEvidence } from './present';
export { shortCause, reasonLabel, hasShortCause } from './labels';
export { parseInput, NUL_MESSAGE, type ConfigMapInput, type ValuesInput } from './parse/input';
export { echo, capEchoes, ECHO_MAX } from './echo';
export { parseModeline, type Modeline } from './parse/modeline';
export { MAX_TEXT_BYTES } from './parse/yamlText';
// Cluster status and the live comparison (server/src/cluster and the client's live command).
export { parseStatus } from './status/parseStatus';
export { extractHostRoutingFallbacks } from './status/agentLog';
export { extractStartupFlags } from './status/startupFlags';
export type { AgentStatus } from './status/types';
export { buildReport } from './live/compare';
export { formatLiveText, formatLiveMarkdown } from './live/format';
export { versionFromImage } from './live/predict';
export {
  compareNodeTuning,
  type NodeTuning,
  type TuningCheck,
  type TuningCheckId,
  type TuningCheckVerdict,
} from './live/tuning';
export {
  groupNodes,
  isOddReason,
  kernelLineOf,
  nodeFacts,
  nodeMatcher,
  planChecks,
  type NodeFacts,
  type NodeGroup,
  type CheckPlanOptions,
} from './live/groups';
export type * from './live/types';
// Versions as an input: the version a file was written for, the verdict over a range, the upgrade report.
export { analyzeInferred, inferVersion, type Inference, type InferredOutcome, type Narrowing } from './versions/infer';
export { analyzeRange, describeGroups, type RangeOutcome, type VersionGroup } from './versions/range';
export {
  upgradeReport,
  type UpgradeChange,
  type UpgradeOptions,
  type UpgradeOutcome,
  type UpgradeReport,
} from './versions/upgrade';
export { describeLines, knownLines, knownReleases, parseVersionSpan, type VersionSpan } from './versions/points';
export { familyVerdicts, verdictLabel, verdictOf, type FamilyVerdict, type Verdict } from './versions/verdict';
export { upgradeMarkdown, versionsShortMarkdown, versionsTableMarkdown } from './versions/format';
export type { ChangeKind } from './versions/kinds';
// Wrapped releases: Flux HelmRelease, Argo CD Application, k3s/RKE2 HelmChart(Config), CAPI
// HelmChartProxy, Kustomize helmCharts, umbrella charts, CiliumNodeConfig (parse/wrappers, wrapped.ts).
export {
  analyzeRelease,
  describeRelease,
  planReleases,
  type ReleaseInfo,
  type ReleaseOptions,
  type ReleasePlan,
  type ReleaseRun,
} from './wrapped';
export {
  findWrappedReleases,
  releaseInputs,
  type ReadRelative,
  type ValuesLayer,
  type WrappedRelease,
  type WrapperKind,
} from './parse/wrappers';
export type { ParsedInput } from './parse/input';
