/**
 * The realistic values every summary fixture is built from: one account and region, digest-pinned ECR
 * images, target-group and task-definition ARNs, and the run's start time.
 */
import type { TaskDefinitionDiff } from '../../src/taskdef/diff.js';

/** One summary to render. */
export interface SummaryCase {
  /** `<action>-<outcome>`: also the screenshot's file name. */
  name: string;
  markdown: string;
}

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';
export const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
/** When every fixture run started. */
export const T0 = Date.UTC(2026, 11, 2, 7, 0, 0);

/** A sha256 digest made of `seed` repeated. */
export const digest = (seed: string) => `sha256:${seed.repeat(64).slice(0, 64)}`;
/** A tagged and digest-pinned image in the account's registry. */
export const image = (repository: string, tag: string, seed: string) =>
  `${REGISTRY}/${repository}:${tag}@${digest(seed)}`;
export const tgArn = (name: string) =>
  `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}/0f1e2d3c4b5a6978`;
export const taskDefArn = (family: string, revision: number) =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`;

/** A diff with nothing changed, to fill in. */
export function emptyDiff(): TaskDefinitionDiff {
  return { changed: false, addedContainers: [], removedContainers: [], containers: [], fields: [] };
}
