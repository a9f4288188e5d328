/**
 * The pull request's GitHub deployment in environment `pr-<n>`: created per deployed commit with a status
 * carrying environment_url; on teardown every deployment of the environment gets the status `inactive`.
 */
import type { GitHubClient, GitHubTarget } from './github.js';

/** A deployment status state the preview reports. */
export type PreviewDeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive';

/** Creates a deployment of `ref` to the preview environment; returns its id. */
export async function createPreviewDeployment(options: {
  client: GitHubClient;
  target: GitHubTarget;
  environment: string;
  ref: string;
  description: string;
}): Promise<number> {
  const response = await options.client.rest.repos.createDeployment({
    owner: options.target.owner,
    repo: options.target.repo,
    ref: options.ref,
    environment: options.environment,
    description: options.description,
    auto_merge: false,
    required_contexts: [],
    transient_environment: true,
    production_environment: false,
  });
  if (!('id' in response.data)) throw new Error(`deployment not created: ${response.data.message ?? ''}`);
  return response.data.id;
}

/** Adds a status to a deployment. */
export async function setDeploymentStatus(options: {
  client: GitHubClient;
  target: GitHubTarget;
  deploymentId: number;
  state: PreviewDeploymentState;
  environmentUrl?: string;
  logUrl?: string;
  description?: string;
}): Promise<void> {
  await options.client.rest.repos.createDeploymentStatus({
    owner: options.target.owner,
    repo: options.target.repo,
    deployment_id: options.deploymentId,
    state: options.state,
    environment_url: options.environmentUrl,
    log_url: options.logUrl,
    description: options.description?.slice(0, 140),
  });
}

/** Marks every deployment of the environment inactive; returns how many. */
export async function deactivateEnvironment(options: {
  client: GitHubClient;
  target: GitHubTarget;
  environment: string;
  logUrl?: string;
}): Promise<number> {
  const deployments = await options.client.paginate(options.client.rest.repos.listDeployments, {
    owner: options.target.owner,
    repo: options.target.repo,
    environment: options.environment,
    per_page: 100,
  });
  for (const deployment of deployments) {
    await setDeploymentStatus({
      ...options,
      deploymentId: deployment.id,
      state: 'inactive',
      description: 'preview removed',
    });
  }
  return deployments.length;
}
