/** The sticky pull request comment: one per preview, found again by a hidden marker (pure). */

/** The hidden marker of the template's preview comment. */
export function commentMarker(templateService: string): string {
  return `<!-- ecs-kit:preview ${templateService} -->`;
}

/** What the comment shows. */
export interface CommentContent {
  templateService: string;
  pullRequest: number;
  status: 'deploying' | 'ready' | 'deployed' | 'unhealthy' | 'failed' | 'removed';
  url?: string;
  commit?: string;
  service?: string;
  detail?: string;
  runUrl?: string;
}

const HEADLINE: Record<CommentContent['status'], string> = {
  deploying: '⏳ deploying',
  ready: '✅ ready',
  deployed: '🚀 deployed (health not checked)',
  unhealthy: '⚠️ deployed, not healthy',
  failed: '❌ deployment failed',
  removed: '🧹 removed',
};

/**
 * The comment's status for a health verdict: `ready` only when the gate said healthy; a preview deployed
 * without waiting is `deployed`, never `ready`.
 */
export function commentStatus(health: string): CommentContent['status'] {
  if (health === 'healthy') return 'ready';
  return health === 'skipped' ? 'deployed' : 'unhealthy';
}

/** The comment's markdown, starting with the marker. */
export function commentBody(content: CommentContent): string {
  const rows: [string, string | undefined][] = [
    ['URL', content.url && content.status !== 'removed' ? content.url : undefined],
    ['Commit', content.commit ? `\`${content.commit.slice(0, 12)}\`` : undefined],
    ['Service', content.service ? `\`${content.service}\`` : undefined],
    ['Status', content.detail],
    ['Run', content.runUrl ? `[workflow run](${content.runUrl})` : undefined],
  ];
  return [
    commentMarker(content.templateService),
    `### Preview of \`${content.templateService}\` for pr-${content.pullRequest}: ${HEADLINE[content.status]}`,
    '',
    ...rows.filter(([, value]) => value).map(([name, value]) => `- **${name}**: ${value}`),
    '',
  ].join('\n');
}
