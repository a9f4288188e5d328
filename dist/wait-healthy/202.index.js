export const id = 202;
export const ids = [202];
export const modules = {

/***/ 9202:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  waitSummaryMarkdown: () => (/* binding */ waitSummaryMarkdown)
});

// UNUSED EXPORTS: healthChart, thinSamples

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

;// CONCATENATED MODULE: ./src/health/summary.ts
/** The job summary of wait-healthy: verdict, a mermaid chart of healthy targets and traffic over time, steps. */

// Mermaid charts stay readable up to a few dozen points.
const MAX_POINTS = 40;
/** Evenly thins samples to at most `max`, always keeping the last one. */
function thinSamples(samples, max = MAX_POINTS) {
    if (samples.length <= max)
        return samples;
    const step = (samples.length - 1) / (max - 1);
    return Array.from({ length: max }, (_, index) => samples[Math.round(index * step)]);
}
function seconds(ms) {
    return `${Math.round(ms / 100) / 10}`;
}
/** An xychart of healthy new targets (bars) and, when traffic shifts, the new revision's weight (line). */
function healthChart(samples, shiftsTraffic) {
    const points = thinSamples(samples);
    if (points.length === 0)
        return '';
    const axis = points.map((sample) => `"${seconds(sample.elapsedMs)}s"`).join(', ');
    const healthy = points.map((sample) => sample.healthyTargets).join(', ');
    const most = Math.max(1, ...points.map((sample) => Math.max(sample.healthyTargets, sample.desiredCount)));
    const lines = [
        'xychart-beta',
        '  title "Healthy new targets over time"',
        `  x-axis [${axis}]`,
        `  y-axis "targets" 0 --> ${most}`,
        `  bar [${healthy}]`,
    ];
    const charts = [mermaid(lines.join('\n'))];
    if (shiftsTraffic) {
        const weights = points.map((sample) => sample.newWeight ?? 0).join(', ');
        charts.push(mermaid([
            'xychart-beta',
            '  title "Traffic on the new revision (%)"',
            `  x-axis [${axis}]`,
            '  y-axis "percent" 0 --> 100',
            `  line [${weights}]`,
        ].join('\n')));
    }
    return charts.join('\n\n');
}
/** The whole summary. */
function waitSummaryMarkdown(report) {
    const { verdict } = report;
    const icon = verdict.status === 'healthy' ? '✅' : '❌';
    const parts = [`## wait-healthy (${report.strategy}): ${icon} ${verdict.status}`, '', verdict.reason, ''];
    const facts = [
        [
            'time to healthy',
            verdict.timeToHealthyMs === undefined ? '-' : `${seconds(verdict.timeToHealthyMs)} s`,
        ],
        ['healthy targets', String(verdict.healthyTargets)],
        ['rolled back', String(report.rolledBack)],
    ];
    if (report.finalWeights) {
        facts.push([
            'final weights',
            Object.entries(report.finalWeights)
                .map(([name, weight]) => `${name}=${weight}`)
                .join(', '),
        ]);
    }
    if (verdict.deploymentId)
        facts.push(['deployment', verdict.deploymentId]);
    if (report.leftState)
        facts.push(['left', report.leftState]);
    parts.push(markdownTable(['', ''], facts), '');
    const chart = healthChart(verdict.samples, report.strategy !== 'rolling');
    if (chart)
        parts.push(chart, '');
    if (report.events.length > 0) {
        const rows = report.events.map((entry) => [
            `${seconds(entry.elapsedMs)} s`,
            entry.action,
            entry.newWeight ?? '',
            entry.detail,
        ]);
        parts.push('### Steps', '', markdownTable(['at', 'step', 'new revision %', 'detail'], rows), '');
    }
    return parts.join('\n');
}


/***/ })

};
