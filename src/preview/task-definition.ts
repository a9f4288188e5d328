/**
 * The preview's task definition: the template service's revision, with the PR's images, under the family
 * `<family>-pr-<n>` so that the template's family (and its rollback targets) never see preview revisions.
 */
import type { ECSClient } from '@aws-sdk/client-ecs';
import { registerRevision } from '../deploy/registration.js';
import { describeRevision, findIdentical, latestRevision } from '../deploy/revisions.js';
import { renderTaskDefinition } from '../taskdef/render.js';
import { type TaskDefinitionInput } from '../taskdef/types.js';
import { previewFamily, type PreviewTag } from './naming.js';

/** Renders the preview's task definition from the template's (pure). */
export function renderPreviewTaskDefinition(options: {
  template: TaskDefinitionInput;
  pullRequest: number;
  images: Map<string, string>;
  tags: PreviewTag[];
}): TaskDefinitionInput {
  const family = previewFamily(options.template.family ?? '', options.pullRequest);
  // The template's own tags (provenance, healthy marker) describe the template's revision, not this one.
  return renderTaskDefinition(
    { ...options.template, family, tags: undefined },
    {
      images: options.images,
      tags: options.tags,
    },
  );
}

/** The registered revision for the preview: the latest one when identical, else a new one. */
export async function ensurePreviewRevision(options: {
  ecs: ECSClient;
  rendered: TaskDefinitionInput;
  commit?: string;
  runUrl?: string;
  environment: string;
  now: Date;
}): Promise<{ taskDefinitionArn: string; registered: boolean }> {
  const latest = await latestRevision(options.ecs, options.rendered.family ?? '');
  const identical = latest ? findIdentical(options.rendered, [latest]) : undefined;
  if (identical) return { taskDefinitionArn: identical.taskDefinitionArn, registered: false };
  const taskDefinitionArn = await registerRevision(options.ecs, options.rendered, {
    commit: options.commit,
    runUrl: options.runUrl,
    environment: options.environment,
    deployedAt: options.now,
  });
  return { taskDefinitionArn, registered: true };
}

/** The template service's task definition as a RegisterTaskDefinition request. */
export async function templateTaskDefinition(
  ecs: ECSClient,
  taskDefinitionArn: string,
): Promise<TaskDefinitionInput> {
  return (await describeRevision(ecs, taskDefinitionArn)).taskDefinition;
}
