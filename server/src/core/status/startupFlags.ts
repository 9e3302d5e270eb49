/**
 * The cilium-agent prints every option it started with, one per line (`msg="  --key='value'"`),
 * at start-up. That dump is the configuration the agent actually runs, which can differ from the
 * ConfigMap when the ConfigMap (or a CiliumNodeConfig) changed after the agent started.
 * Reads logrus and slog text lines and JSON lines; pure, linear in the input.
 */
const TEXT = /msg="\s+--([A-Za-z0-9][A-Za-z0-9.-]*)='((?:[^'\\]|\\.)*)'"/;
const JSON_LINE = /"msg":"\s+--([A-Za-z0-9][A-Za-z0-9.-]*)='((?:[^'\\]|\\.)*)'"/;

/** The last start-up flag dump in the log, or null when the log has none. */
export function extractStartupFlags(logText: string, maxFlags = 2000): Record<string, string> | null {
  if (typeof logText !== 'string' || logText.indexOf('  --') < 0) return null;
  let flags: Record<string, string> | null = null;
  let lastWasFlag = false;
  let count = 0;
  for (const line of logText.split('\n')) {
    if (line.indexOf('--') < 0) {
      lastWasFlag = false;
      continue;
    }
    const m = TEXT.exec(line) ?? JSON_LINE.exec(line);
    if (!m) {
      lastWasFlag = false;
      continue;
    }
    // A new dump (the agent restarted inside the same log) replaces the previous one.
    if (!lastWasFlag) {
      flags = {};
      count = 0;
    }
    lastWasFlag = true;
    if (count++ < maxFlags) flags![m[1]] = m[2].replace(/\\(.)/g, '$1');
  }
  return flags && Object.keys(flags).length > 0 ? flags : null;
}
