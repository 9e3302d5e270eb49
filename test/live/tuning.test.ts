/**
 * The tuning side of the live check against the fake API server's `tuned-mixed` cluster, through
 * the real CLI and the real kubectl: each node's status lines (BandwidthManager, BIG TCP, DSR,
 * clock source, attach mode, …) against that node's own prediction (its kernel, the
 * CiliumNodeConfig that turns BBR on for pool=fast), with the BIG TCP status quirk explained.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runLiveCli } from '../../server/src/cli/live';
import { startFakeApiServer, type FakeApiServer } from '../apiserver/server';
import type { LiveReport } from '../../server/src/core/live/types';
import { repoRoot } from '../helpers';

const cacheDir = mkdtempSync(join(tmpdir(), 'cilium-live-tuning-kubecache-'));
const env = { ...process.env, KUBECACHEDIR: cacheDir };

async function live(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await runLiveCli(
    args,
    {
      stdout: (s) => (stdout += s),
      stderr: () => {},
      readFile: (p) => readFileSync(p, 'utf8'),
      readStdin: async () => ({ text: '' }),
      isTty: false,
      cwd: repoRoot,
    },
    { env },
  );
  return { code, stdout };
}

let server: FakeApiServer | null = null;
after(async () => {
  await server?.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('live tuning check against the tuned-mixed cluster (real kubectl)', () => {
  it('per node: BBR from the override on 6.8, refused on 5.15; BIG TCP quirk explained; attach mode by kernel', async () => {
    server = await startFakeApiServer({ scenario: 'tuned-mixed' });
    const json = await live(['--kubeconfig', server.kubeconfigPath, '--format', 'json', '--timeout', '120', '--all']);
    const r = JSON.parse(json.stdout) as LiveReport;
    const node = (name: string) => r.nodes.find((n) => n.name === name)!;
    const check = (name: string, id: string) => node(name).tuning?.checks.find((c) => c.id === id);

    // tk-1 (6.8, pool=fast): the CiliumNodeConfig's enable-bbr is predicted and reported
    assert.deepEqual(
      node('tk-1').predicted.overrides.map((o) => `${o.key}=${o.value}`),
      ['enable-bbr=true'],
    );
    for (const [id, reported] of [
      ['bbr', 'BBR'],
      ['bandwidth-manager', 'EDT [BBR]'],
      ['ipv4-big-tcp', 'Enabled [196608]'],
      ['dsr', 'DSR (IP Option/Extension)'],
      ['clock-probe', 'jiffies [250 Hz]'],
      ['attach-mode', 'TCX'],
    ]) {
      const c = check('tk-1', id);
      assert.equal(c?.reported, reported, id);
      assert.equal(c?.verdict, 'match', id);
    }
    // tk-3 (5.15, std): BIG TCP refused by the kernel, the status still says Enabled [65536]: a match, explained as the quirk
    const quirk = check('tk-3', 'ipv4-big-tcp')!;
    assert.equal(quirk.predictedState, 'inactive');
    assert.equal(quirk.reported, 'Enabled [65536]');
    assert.equal(quirk.verdict, 'match');
    assert.match(quirk.explanation ?? '', /^Status quirk \(tuning-spec §6\)/);
    assert.equal(check('tk-3', 'bandwidth-manager')?.reported, 'EDT [CUBIC]');
    assert.equal(check('tk-3', 'bbr')?.verdict, 'match', 'no BBR without the override');
    assert.equal(check('tk-3', 'attach-mode')?.reported, 'Legacy TC');
    assert.match(check('tk-3', 'attach-mode')!.predicted, /kernel 5\.15 < 6\.6/);
    // tk-4 (5.15, pool=fast): BBR on a 5.15 kernel stops the agent, as predicted
    assert.equal(node('tk-4').predicted.hostRouting, 'AgentFails');
    assert.equal(node('tk-4').verdict, 'match');
    assert.equal(node('tk-4').tuning, null, 'nothing to compare on an agent that does not run');
    // tk-5 (6.8, std): predicted 192k, the node shows 64k: explained, not a blind mismatch
    const nic = check('tk-5', 'ipv4-big-tcp')!;
    assert.equal(nic.predictedState, 'active');
    assert.equal(nic.verdict, 'explained');
    assert.match(nic.explanation ?? '', /Cannot enable --enable-ipv4-big-tcp/);
    assert.equal(node('tk-5').tuning?.explained, 1);
    assert.equal(r.counts.tuningMismatches, 0);
    assert.equal(r.ok, true);
    assert.match(r.summary, /1 node shows an explained tuning difference \(ipv4-big-tcp: tk-5\)/);

    // the text report: a tuning table and the explanations
    const text = await live(['--kubeconfig', server.kubeconfigPath, '--timeout', '120', '--all']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^Tuning \(each checked node's status lines against its own prediction\):$/m);
    assert.match(text.stdout, /^ {2}bbr +tk-1, tk-2 +active +BBR +match$/m);
    assert.match(
      text.stdout,
      /^ {2}ipv4-big-tcp +tk-3 +inactive: agent-turns-off +Enabled \[65536\] +match \(status quirk\)$/m,
    );
    assert.match(text.stdout, /^ {2}ipv4-big-tcp +tk-5 +active .* +Enabled \[65536\] +explained$/m);
    assert.match(text.stdout, /^ {2}ipv4-big-tcp on tk-5: Status quirk/m);
  });
});
