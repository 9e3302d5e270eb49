/**
 * Restricted Mode: workspace trust on and the folder not trusted. Analysis must work as usual
 * (the manifest declares `untrustedWorkspaces: limited`), the live check must not run anything.
 *
 * Only meaningful in the `restricted` run (test/e2e/runs.mjs), which sets CILIUM_E2E_EXPECT_RESTRICTED=1
 * and turns workspace trust on; in a trusted window these tests are skipped, not failed.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import {
  AGENT_LOG_BPF_MASQ,
  closeAll,
  diagnosticsOf,
  extension,
  fixture,
  hoverText,
  lensTitle,
  open,
  positionOf,
  ruleId,
  sleep,
} from './helpers';

const LIVE_COMMAND = 'ciliumDatapath.checkLiveCluster';

describe('Restricted Mode (untrusted workspace)', function () {
  before(function () {
    if (vscode.workspace.isTrusted) {
      assert.ok(
        !process.env.CILIUM_E2E_EXPECT_RESTRICTED,
        'the restricted run opened a trusted workspace: workspace trust is not in effect',
      );
      this.skip();
    }
  });
  after(closeAll);
  const uri = fixture('values.yaml');

  it('the workspace is not trusted and the extension is not active yet', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(extension().isActive, false);
  });

  it('activates on a values file and analyses it: diagnostic, hover, lens', async () => {
    await open(uri);
    const ds = await diagnosticsOf(uri, 30_000);
    assert.ok(extension().isActive);
    assert.deepEqual(ds.map(ruleId), ['iptables-masquerade']);
    assert.ok(ds[0].range.isEqual(new vscode.Range(5, 22, 5, 26)), JSON.stringify(ds[0].range));
    assert.equal(ds[0].message.split('\n')[1], `Agent log: ${AGENT_LOG_BPF_MASQ}`);
    const doc = await vscode.workspace.openTextDocument(uri);
    const md = await hoverText(uri, positionOf(doc, 'enableIPv4Masquerade:', 'enableIPv4Masquerade').translate(0, 3));
    assert.ok(md.includes('**This file:** this is why host routing is Legacy (`iptables-masquerade`)'), md);
    assert.equal(
      await lensTitle(uri, (t) => t.startsWith('Host routing:')),
      'Host routing: Legacy on Cilium 1.16.4 — iptables masquerades, not BPF',
    );
  });

  it('the manifest keeps the live check behind workspace trust', () => {
    const pkg = extension().packageJSON;
    const live = (pkg.contributes.commands as Array<{ command: string; enablement?: string }>).find(
      (c) => c.command === LIVE_COMMAND,
    );
    assert.ok(live, `${LIVE_COMMAND} is not contributed`);
    assert.equal(live.enablement, 'isWorkspaceTrusted');
    assert.equal(pkg.capabilities?.untrustedWorkspaces?.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('ciliumDatapath.kubectlPath'));
  });

  it('the live check, invoked anyway (the API ignores enablement), runs no kubectl', async () => {
    // The run puts a fake `kubectl` first on PATH that records every call in this file.
    const record = process.env.CILIUM_E2E_KUBECTL_LOG;
    assert.ok(record, 'CILIUM_E2E_KUBECTL_LOG is not set: the restricted run installs a recording kubectl on PATH');
    // positive control: kubectl from this extension host's PATH is the recording one
    const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    assert.equal(
      probe.status,
      1,
      `unexpected kubectl on PATH=${process.env.PATH}: ${probe.error?.message ?? probe.stdout}`,
    );
    assert.equal(fs.readFileSync(record, 'utf8'), 'kubectl version --client\n');
    fs.rmSync(record);
    const registered = (await vscode.commands.getCommands(true)).includes(LIVE_COMMAND);
    let outcome = 'no answer within 5 s';
    await Promise.race([
      vscode.commands.executeCommand(LIVE_COMMAND).then(
        () => (outcome = 'returned'),
        (e: Error) => (outcome = `refused: ${e.message}`),
      ),
      sleep(5_000),
    ]);
    await sleep(1_000);
    console.log(`    [restricted] ${LIVE_COMMAND} registered=${registered}, ${outcome}`);
    assert.equal(
      fs.existsSync(record) ? fs.readFileSync(record, 'utf8') : '',
      '',
      'kubectl was run in an untrusted workspace',
    );
  });
});
