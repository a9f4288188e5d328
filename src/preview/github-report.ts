/**
 * The GitHub side of a preview run: the sticky comment and the deployment statuses. GitHub problems never
 * fail the preview itself: they become warnings (the preview runs whether or not the comment updated).
 */
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { commentBody, commentMarker, type CommentContent } from './comment.js';
import { githubClient, pullRequestOpen, type GitHubClient, type GitHubTarget } from './github.js';
import { upsertStickyComment } from './github-comment.js';
import {
  createPreviewDeployment,
  deactivateEnvironment,
  setDeploymentStatus,
  type PreviewDeploymentState,
} from './github-deployment.js';
import { previewLabel } from './naming.js';

/** What the reporter needs. */
export interface GitHubReportOptions {
  target: GitHubTarget;
  templateService: string;
  pullRequest: number;
  commit?: string;
  runUrl?: string;
  comment: boolean;
  deployment: boolean;
  logger: Logger;
}

/** Reports one preview's progress to the pull request. */
export class PreviewGitHubReport {
  private readonly client: GitHubClient;
  private deploymentId?: number;

  constructor(private readonly options: GitHubReportOptions) {
    this.client = githubClient(options.target);
  }

  private async attempt<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      this.options.logger.warning(`github: ${what}: ${errorMessage(error)}`);
      return undefined;
    }
  }

  /** Creates or updates the sticky comment. */
  async comment(content: Omit<CommentContent, 'templateService' | 'pullRequest' | 'commit' | 'runUrl'>) {
    if (!this.options.comment) return;
    const { templateService, pullRequest, commit, runUrl } = this.options;
    const result = await this.attempt('updating the pull request comment', () =>
      upsertStickyComment({
        client: this.client,
        target: this.options.target,
        pullRequest,
        marker: commentMarker(templateService),
        body: commentBody({ ...content, templateService, pullRequest, commit, runUrl }),
      }),
    );
    if (result) this.options.logger.info(`pull request comment ${result.created ? 'created' : 'updated'}`);
  }

  /** Creates the deployment of the commit (status in_progress). */
  async startDeployment(): Promise<void> {
    if (!this.options.deployment || !this.options.commit) return;
    const environment = previewLabel(this.options.pullRequest);
    this.deploymentId = await this.attempt('creating the deployment', () =>
      createPreviewDeployment({
        client: this.client,
        target: this.options.target,
        environment,
        ref: this.options.commit!,
        description: `ecs-kit preview of ${this.options.templateService}`,
      }),
    );
    await this.status('in_progress');
  }

  /** Adds a status to the deployment started by this run. */
  async status(state: PreviewDeploymentState, environmentUrl?: string, description?: string): Promise<void> {
    const deploymentId = this.deploymentId;
    if (deploymentId === undefined) return;
    await this.attempt(`setting the deployment status ${state}`, () =>
      setDeploymentStatus({
        client: this.client,
        target: this.options.target,
        deploymentId,
        state,
        environmentUrl,
        logUrl: this.options.runUrl,
        description,
      }),
    );
  }

  /** Marks every deployment of the preview environment inactive. */
  async deactivate(): Promise<void> {
    if (!this.options.deployment) return;
    const count = await this.attempt('marking the deployments inactive', () =>
      deactivateEnvironment({
        client: this.client,
        target: this.options.target,
        environment: previewLabel(this.options.pullRequest),
        logUrl: this.options.runUrl,
      }),
    );
    if (count !== undefined) this.options.logger.info(`${count} deployments marked inactive`);
  }
}

/** A pull request state lookup for the sweep. */
export function openPullRequestLookup(
  target: GitHubTarget,
): (pullRequest: number) => Promise<boolean | undefined> {
  const client = githubClient(target);
  return (pullRequest) => pullRequestOpen(client, target, pullRequest);
}
