export const id = 408;
export const ids = [408];
export const modules = {

/***/ 5408:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deploySummary: () => (/* binding */ deploySummary),
  sweepSummary: () => (/* binding */ sweepSummary),
  teardownSummary: () => (/* binding */ teardownSummary)
});

;// CONCATENATED MODULE: ./src/github/markdown.ts
/** Small pure builders for job-summary markdown. */
/** Escapes a value for a markdown table cell. */
function cell(value) {
    return String(value ?? '')
        .replace(/\|/g, '\\|')
        .replace(/\r?\n/g, '<br>');
}
/** A markdown table. */
function markdownTable(headers, rows) {
    const lines = [`| ${headers.map(cell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
    for (const row of rows)
        lines.push(`| ${row.map(cell).join(' | ')} |`);
    return lines.join('\n');
}
/** A fenced mermaid block. */
function mermaid(body) {
    return ['```mermaid', body.trimEnd(), '```'].join('\n');
}

;// CONCATENATED MODULE: ./src/preview/summary.ts
/** The job summary of a preview run (pure). */

function changesTable(changes) {
    return markdownTable(['Resource', 'Name', 'Action', 'Detail'], changes.map((change) => [change.resource, change.name, change.action, change.detail ?? '']));
}
/** Summary of a deploy. */
function deploySummary(deployment) {
    return [
        `## Preview pr-${deployment.pullRequest}: ${deployment.health.status}`,
        '',
        `**URL**: ${deployment.url}  `,
        `**Service**: \`${deployment.service}\`, listener rule priority ${deployment.priority}  `,
        `**Health**: ${deployment.health.reason}`,
        '',
        changesTable(deployment.changes),
        '',
    ].join('\n');
}
/** Summary of a teardown. */
function teardownSummary(teardown) {
    return [`## Preview pr-${teardown.pullRequest} removed`, '', changesTable(teardown.changes), ''].join('\n');
}
/** Summary of a sweep. */
function sweepSummary(decisions, failed) {
    const rows = decisions.map((decision) => [
        `pr-${decision.preview.pullRequest}`,
        decision.preview.service ?? '(rule only)',
        failed.includes(decision.preview.pullRequest) ? 'removal failed' : decision.remove ? 'removed' : 'kept',
        decision.reason,
    ]);
    return [
        `## Preview sweep: ${decisions.filter((d) => d.remove).length - failed.length} removed, ${decisions.filter((d) => !d.remove).length} kept`,
        '',
        rows.length > 0 ? markdownTable(['Preview', 'Service', 'Result', 'Why'], rows) : 'No previews found.',
        '',
    ].join('\n');
}


/***/ })

};
