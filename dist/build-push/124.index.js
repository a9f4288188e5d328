export const id = 124;
export const ids = [124];
export const modules = {

/***/ 3124:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildSummaryMarkdown: () => (/* binding */ buildSummaryMarkdown)
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

;// CONCATENATED MODULE: ./src/build/summary.ts
/** The job summary of a build, a skip or a promotion. */

function formatSize(bytes) {
    if (bytes === undefined)
        return 'unknown';
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KiB', 'MiB', 'GiB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
}
function buildCell(summary) {
    if (summary.promotedFrom)
        return `promoted from ${summary.promotedFrom} (no build)`;
    if (summary.skipped)
        return `skipped (fingerprint ${summary.fingerprint ?? 'unknown'})`;
    return summary.buildSeconds === undefined ? 'unknown' : `${summary.buildSeconds.toFixed(1)} s`;
}
/** Markdown for the job summary. */
function buildSummaryMarkdown(summary) {
    const rows = [
        ['Image', `\`${summary.image}\``],
        ['Digest', `\`${summary.digest}\``],
        ['Tags', summary.tags.map((tag) => `\`${tag}\``).join(', ')],
        ['Size', formatSize(summary.sizeBytes)],
        ['Build', buildCell(summary)],
    ];
    if (summary.fingerprint && !summary.skipped)
        rows.push(['Fingerprint', `\`${summary.fingerprint}\``]);
    return ['### build-push', '', markdownTable(['', ''], rows), ''].join('\n');
}


/***/ })

};
