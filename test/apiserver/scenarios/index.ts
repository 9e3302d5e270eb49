/** The built-in scenarios, by name (the order is the order of `SCENARIOS`). */
import type { Scenario } from '../types';
import { healthyBpf } from './healthy-bpf';
import { mixedKernel } from './mixed-kernel';
import { masqueradePitfall } from './masquerade-pitfall';
import { pre115 } from './pre-1.15';
import { chained } from './chained';
import { nodeOverride } from './node-override';
import { drift } from './drift';
import { upgrade } from './upgrade';
import { tunedMixed } from './tuned-mixed';
import { kprDisabled112 } from './kpr-disabled-1.12';
import { badOutput, forbiddenScenario, noPods, notRunning, slow } from './faults';

export const SCENARIO_REGISTRY: Record<string, Scenario> = Object.fromEntries(
  [
    healthyBpf,
    mixedKernel,
    masqueradePitfall,
    pre115,
    chained,
    nodeOverride,
    drift,
    upgrade,
    kprDisabled112,
    tunedMixed,
    slow,
    forbiddenScenario,
    noPods,
    notRunning,
    badOutput,
  ].map((s) => [s.name, s]),
);
