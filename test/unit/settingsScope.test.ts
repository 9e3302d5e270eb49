/** Which documents share one `workspace/configuration` answer (protocol/documents/settings.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settingsScope } from '../../server/src/protocol/documents/settings';

test('settings scope: the innermost workspace folder, one scope outside the folders, non-file documents alone', () => {
  const folders = ['file:///srv/project', 'file:///srv/project/sub/', 'file:///other'];
  assert.equal(settingsScope('file:///srv/project/a/values.yaml', folders), 'file:///srv/project/');
  assert.equal(settingsScope('file:///srv/project/sub/values.yaml', folders), 'file:///srv/project/sub/');
  assert.equal(settingsScope('file:///other/x.yaml', folders), 'file:///other/');
  // a folder name that is a prefix of another directory's name is not its parent
  assert.equal(settingsScope('file:///srv/projects-old/values.yaml', folders), 'file:(outside the workspace folders)');
  assert.equal(settingsScope('file:///tmp/values.yaml', []), 'file:(outside the workspace folders)');
  assert.equal(settingsScope('untitled:Untitled-1', folders), 'untitled:Untitled-1');
});
