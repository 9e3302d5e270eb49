/** Command ids shared by the extension's bundles. */
export const LIVE_COMMAND = 'ciliumDatapath.checkLiveCluster';
