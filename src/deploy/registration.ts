/**
 * The two writes a deploy makes to task definitions: registering a revision with this run's provenance and
 * tagging it healthy. Apart from the reads (revisions.ts) so that what only reads revisions, such as
 * cleanup-ecr's rollback-candidate scan, does not reach these calls (and its IAM policy does not need them).
 */
import { RegisterTaskDefinitionCommand, TagResourceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { wrapError } from '../errors.js';
import { healthyTag, provenanceTags, type Provenance } from '../taskdef/provenance.js';
import type { TaskDefinitionInput } from '../taskdef/types.js';

/** Registers `rendered` with provenance tags; returns the new revision's ARN. */
export async function registerRevision(
  ecs: ECSClient,
  rendered: TaskDefinitionInput,
  provenance: Provenance,
): Promise<string> {
  const extra = provenanceTags(provenance);
  const tags = [...(rendered.tags ?? []).filter((tag) => !extra.some((p) => p.key === tag.key)), ...extra];
  try {
    const response = await ecs.send(new RegisterTaskDefinitionCommand({ ...rendered, tags }));
    const arn = response.taskDefinition?.taskDefinitionArn;
    if (!arn) throw new Error('no taskDefinitionArn in the response');
    return arn;
  } catch (error) {
    throw wrapError(`registering task definition ${rendered.family}`, error);
  }
}

/** Tags a revision with `ecs-kit:healthy-at`: the marker rollback looks for. */
export async function markHealthy(ecs: ECSClient, taskDefinitionArn: string, at: Date): Promise<void> {
  try {
    await ecs.send(new TagResourceCommand({ resourceArn: taskDefinitionArn, tags: [healthyTag(at)] }));
  } catch (error) {
    throw wrapError(`tagging ${taskDefinitionArn} as healthy`, error);
  }
}
