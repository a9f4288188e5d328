/** Creates the sticky preview comment once, then edits it in place on every later run. */
import type { GitHubClient, GitHubTarget } from './github.js';

/** Creates or updates the comment holding `marker`; returns its id and whether it was created. */
export async function upsertStickyComment(options: {
  client: GitHubClient;
  target: GitHubTarget;
  pullRequest: number;
  marker: string;
  body: string;
}): Promise<{ id: number; created: boolean }> {
  const { client, target } = options;
  const repository = { owner: target.owner, repo: target.repo };
  const comments = await client.paginate(client.rest.issues.listComments, {
    ...repository,
    issue_number: options.pullRequest,
    per_page: 100,
  });
  const existing = comments.find((comment) => comment.body?.includes(options.marker));
  if (existing) {
    await client.rest.issues.updateComment({ ...repository, comment_id: existing.id, body: options.body });
    return { id: existing.id, created: false };
  }
  const created = await client.rest.issues.createComment({
    ...repository,
    issue_number: options.pullRequest,
    body: options.body,
  });
  return { id: created.data.id, created: true };
}
