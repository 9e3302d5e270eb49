/** Wrapped Cilium releases: the extraction layer's entry point. */
export { findWrappedReleases, mayHoldWrappedRelease } from './detect';
export {
  evaluateConstraint,
  parseConstraint,
  satisfies,
  type ConstraintEvaluation,
  type VersionConstraint,
} from './semverRange';
export { mapBlockScalar, mapFlowScalar, mapRegion, toOuterEdit, type PositionMap } from './positionMap';
export { mergeValues, typedSetValue } from './layer';
export type {
  LayerStyle,
  ReadRelative,
  Unresolved,
  ValuesLayer,
  WrappedRelease,
  WrapperKind,
  WrapperProblem,
  WrapperScan,
  WrapperVersion,
} from './types';
export { releaseInputs, type ReleaseInput } from './composite';
