/** Task definition revisions, read only: describe with tags, list a family newest first, find an identical one. */
import {
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  type ECSClient,
  type Tag,
} from '@aws-sdk/client-ecs';
import { wrapError } from '../errors.js';
import { familyOf, revisionOf } from '../arn.js';
import { sameTaskDefinition } from '../taskdef/normalise.js';
import { REGISTER_FIELDS, stripTaskDefinition } from '../taskdef/strip.js';
import { type TaskDefinitionInput } from '../taskdef/types.js';

/** A registered revision: its ARN, its content as a RegisterTaskDefinition request, and its tags. */
export interface Revision {
  taskDefinitionArn: string;
  revision: number;
  family: string;
  taskDefinition: TaskDefinitionInput;
  tags: Tag[];
}

/** Describes a revision (ARN, family:revision or family for the latest ACTIVE one) with its tags. */
export async function describeRevision(ecs: ECSClient, taskDefinition: string): Promise<Revision> {
  let response;
  try {
    response = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] }));
  } catch (error) {
    throw wrapError(`describing task definition ${taskDefinition}`, error);
  }
  const described = response.taskDefinition;
  if (!described?.taskDefinitionArn) throw new Error(`task definition ${taskDefinition} not found`);
  const tags = response.tags ?? [];
  // Keep only what RegisterTaskDefinition takes: newer API versions may describe more than we know.
  const known = Object.fromEntries(
    Object.entries(described).filter(([key]) => (REGISTER_FIELDS as readonly string[]).includes(key)),
  );
  const { taskDefinition: request } = stripTaskDefinition({
    ...known,
    tags: tags.length > 0 ? tags : undefined,
  });
  return {
    taskDefinitionArn: described.taskDefinitionArn,
    revision: described.revision ?? 0,
    family: described.family ?? '',
    taskDefinition: request,
    tags,
  };
}

/** The latest ACTIVE revision of a family, or undefined when the family has none. */
export async function latestRevision(ecs: ECSClient, family: string): Promise<Revision | undefined> {
  try {
    return await describeRevision(ecs, family);
  } catch {
    return undefined;
  }
}

/** The first candidate whose content equals `rendered` (ignoring read-only fields, defaults and order). */
export function findIdentical(rendered: TaskDefinitionInput, candidates: Revision[]): Revision | undefined {
  return candidates.find(
    (candidate) =>
      candidate.family === rendered.family && sameTaskDefinition(rendered, candidate.taskDefinition),
  );
}

/** ACTIVE revision ARNs of a family, newest (highest revision number) first, whatever order the API used. */
export async function listRevisions(ecs: ECSClient, family: string): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const response = await ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', nextToken }),
    );
    // familyPrefix matches prefixes: shop-web also lists shop-web-worker.
    arns.push(...(response.taskDefinitionArns ?? []).filter((arn) => familyOf(arn) === family));
    nextToken = response.nextToken;
  } while (nextToken);
  return arns.sort((a, b) => (revisionOf(b) ?? 0) - (revisionOf(a) ?? 0));
}
