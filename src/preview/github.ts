/** The GitHub API client previews use: @actions/github's Octokit against GITHUB_API_URL (or GHES). */
import { getOctokit } from '@actions/github';

/** An authenticated Octokit. */
export type GitHubClient = ReturnType<typeof getOctokit>;

/** Which repository, and how to reach its API. */
export interface GitHubTarget {
  token: string;
  /** e.g. https://api.github.com, or a fake on 127.0.0.1 in tests. */
  apiUrl: string;
  owner: string;
  repo: string;
}

/** An Octokit for the target's API. */
export function githubClient(target: GitHubTarget): GitHubClient {
  return getOctokit(target.token, { baseUrl: target.apiUrl });
}

/** Whether a pull request is open; undefined when the API cannot say (the sweep then relies on the TTL). */
export async function pullRequestOpen(
  client: GitHubClient,
  target: GitHubTarget,
  pullRequest: number,
): Promise<boolean | undefined> {
  try {
    const response = await client.rest.pulls.get({
      owner: target.owner,
      repo: target.repo,
      pull_number: pullRequest,
    });
    return response.data.state === 'open';
  } catch (error) {
    if (error && typeof error === 'object' && 'status' in error && error.status === 404) return false;
    return undefined;
  }
}
