/** Command ids shared by the extension's bundles. */
export const LIVE_COMMAND = 'ciliumDatapath.checkLiveCluster';
/** Opens what the report view shows as a Markdown document. */
export const MARKDOWN_COMMAND = 'ciliumDatapath.openReportAsMarkdown';
