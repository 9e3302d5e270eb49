/**
 * Workspace-wide analysis through the real server: files that are not open get diagnostics (so
 * Problems lists them), dependency folders and unrelated YAML stay quiet, an open document belongs
 * to the editor, a closed one is taken back, changes on disk are followed, and the setting turns it off.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
} from 'vscode-languageserver-protocol/node';
import { Harness } from './harness';
import { WorkspaceScannedNotification, type ScanStats } from '../../server/src/protocol/documents/workspaceScan';
import { tempDir, within } from '../helpers';

const PITFALL = '# cilium-datapath: version=1.16.4\nkubeProxyReplacement: true\nenableIPv4Masquerade: true\n';
const CONFIGMAP =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n  kube-proxy-replacement: "true"\n  enable-ipv4-masquerade: "true"\n  enable-bpf-masquerade: "false"\n';
const CLEAN =
  '# cilium-datapath: version=1.16.4\nkubeProxyReplacement: true\nroutingMode: native\nipv4NativeRoutingCIDR: 10.0.0.0/8\nautoDirectNodeRoutes: true\nbpf:\n  masquerade: true\n';
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';

describe('workspace analysis (files that are not open)', () => {
  let h: Harness;
  const uri = (...p: string[]) => pathToFileURL(join(dir, ...p)).toString();
  const lastFor = (u: string) => h.publishedFor(u).at(-1);
  const scans: ScanStats[] = [];
  const nextScan = () =>
    within(
      new Promise<ScanStats>((resolve) => {
        const n = scans.length;
        const t = setInterval(() => {
          if (scans.length > n) {
            clearInterval(t);
            resolve(scans[n]);
          }
        }, 10);
      }),
      20_000,
      'the workspace scan',
    );

  before(async () => {
    file('clusters/prod/values.yaml', PITFALL);
    file('clusters/prod/cni-config.yaml', CONFIGMAP); // ours by content only
    file('clusters/values-clean.yaml', CLEAN);
    file('node_modules/pkg/values.yaml', PITFALL); // never entered
    file('charts/x/templates/cilium.yaml', PITFALL); // Helm templates are not entered
    file('apps/deployment.yaml', DEPLOYMENT);
    file('huge-values.yaml', `${PITFALL}${'# padding\n'.repeat(120_000)}`); // over the size limit
    h = new Harness();
    h.client.onNotification(WorkspaceScannedNotification, (s) => scans.push(s));
    const first = nextScan();
    await h.client.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }],
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
      },
      initializationOptions: { debounceMs: 5 },
    });
    await h.client.sendNotification(InitializedNotification.type, {});
    const stats = await first;
    assert.equal(stats.cancelled, false);
  });
  after(async () => {
    await h.dispose();
  });
  // (removed after the server has stopped)
  const { path: dir, file } = tempDir('cdp-ws-');

  it('publishes the findings of unopened Cilium files, nothing for the rest', () => {
    const values = lastFor(uri('clusters', 'prod', 'values.yaml'));
    assert.ok(values, 'diagnostics for clusters/prod/values.yaml');
    assert.ok(
      values.diagnostics.some((d) => d.code === 'iptables-masquerade'),
      JSON.stringify(values.diagnostics.map((d) => d.code)),
    );
    assert.equal(values.version, undefined, 'no document version: the file is not open');
    const cm = lastFor(uri('clusters', 'prod', 'cni-config.yaml'));
    assert.ok(cm && cm.diagnostics.length > 0, 'the ConfigMap found by its content');
    for (const quiet of [
      uri('clusters', 'values-clean.yaml'),
      uri('node_modules', 'pkg', 'values.yaml'),
      uri('charts', 'x', 'templates', 'cilium.yaml'),
      uri('apps', 'deployment.yaml'),
      uri('huge-values.yaml'),
    ]) {
      assert.equal(h.publishedFor(quiet).length, 0, `nothing for ${quiet}`);
    }
    const s = scans[0];
    assert.equal(s.withFindings, 2);
    assert.equal(s.skippedLarge, 1);
    assert.ok(s.analysed >= 3 && s.analysed <= 4, `analysed ${s.analysed}`); // values, configmap, clean (+ not the deployment)
  });

  it('an open document belongs to the editor; closing it hands it back to the scan', async () => {
    const u = uri('clusters', 'prod', 'values.yaml');
    const before = h.publishedFor(u).length;
    const ds = await h.openAndWait(u, PITFALL.replace('enableIPv4Masquerade: true', 'enableIPv4Masquerade: false'));
    assert.ok(!ds.some((d) => d.code === 'iptables-masquerade'), 'the open text counts, not the file');
    await h.close(u);
    await within(
      (async () => {
        for (;;) {
          const all = h.publishedFor(u);
          const last = all.at(-1);
          if (
            all.length > before + 2 &&
            last &&
            last.version === undefined &&
            last.diagnostics.some((d) => d.code === 'iptables-masquerade')
          )
            return;
          await new Promise((r) => setTimeout(r, 20));
        }
      })(),
      10_000,
      'the file analysed from disk again after closing',
    );
  });

  it('follows changes on disk and deletions', async () => {
    const u = uri('clusters', 'values-clean.yaml');
    writeFileSync(join(dir, 'clusters', 'values-clean.yaml'), PITFALL);
    await h.client.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: u, type: FileChangeType.Changed }],
    });
    await within(
      (async () => {
        while (!lastFor(u)?.diagnostics.some((d) => d.code === 'iptables-masquerade'))
          await new Promise((r) => setTimeout(r, 20));
      })(),
      10_000,
      'diagnostics after the change',
    );
    unlinkSync(join(dir, 'clusters', 'values-clean.yaml'));
    await h.client.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: u, type: FileChangeType.Deleted }],
    });
    await within(
      (async () => {
        while (lastFor(u)?.diagnostics.length !== 0) await new Promise((r) => setTimeout(r, 20));
      })(),
      10_000,
      'cleared after the deletion',
    );
  });

  it('ciliumDatapath.analyzeWorkspace: false clears what the scan published; a new scan cancels the running one', async () => {
    h.settings[''] = { analyzeWorkspace: false };
    const done = nextScan();
    await h.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await done;
    assert.equal(lastFor(uri('clusters', 'prod', 'values.yaml'))?.diagnostics.length, 0);
    assert.equal(lastFor(uri('clusters', 'prod', 'cni-config.yaml'))?.diagnostics.length, 0);
    // on again, twice in a row: the first scan stops, the second one finishes
    h.settings[''] = {};
    const n = scans.length;
    await h.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await h.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await nextScan();
    assert.ok(
      scans.slice(n).every((s) => !s.cancelled),
      'only finished scans are announced',
    );
    assert.ok(
      lastFor(uri('clusters', 'prod', 'values.yaml'))?.diagnostics.some((d) => d.code === 'iptables-masquerade'),
    );
  });
});
