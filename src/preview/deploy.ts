/**
 * deployPreview: read everything → check the cap → render → preflight (images, the gate's reads) →
 * target group → listener rule → service → health gate. Every step finds what an earlier run created (by
 * name or tag) and updates it in place, so each push converges on one service, one target group and one
 * rule per pull request.
 */
import { asMissingPermissions, beforeMutation, MissingPermissionsError } from '../aws/access-denied.js';
import type { AwsClients } from '../aws/clients.js';
import { wrapError } from '../errors.js';
import { waitForHealthyDeployment } from '../health/wait-for-healthy.js';
import { capProblem } from './cap.js';
import { readForDeploy, type DeployReading } from './deploy-read.js';
import { createService, tagService, updateService } from './ecs-service.js';
import { createTargetGroup, targetGroupRequest } from './elb-target-group.js';
import { listenerAddress, type ListenerAddress } from './listener-address.js';
import {
  PREVIEW_DEPLOYED_AT_TAG,
  previewLabel,
  previewServiceName,
  previewTags,
  previewTargetGroupName,
} from './naming.js';
import { preflightPreview } from './preflight.js';
import { ensureRule } from './rule.js';
import { previewUrl, type PreviewRouting } from './routing.js';
import { createServiceRequest, templateLoadBalancer } from './service-request.js';
import { ensurePreviewRevision, renderPreviewTaskDefinition } from './task-definition.js';
import { planPreviewImages } from './container-images.js';
import type { DeployPreviewOptions, PreviewChange, PreviewDeployment } from './types.js';
import { shortArn } from '../arn.js';

/** The images placed on the template's containers (entries for containers it lacks are logged, skipped). */
function imagesFor(options: DeployPreviewOptions, reading: DeployReading): Map<string, string> {
  const plan = planPreviewImages(
    options.images,
    reading.templateTaskDefinition,
    templateLoadBalancer(reading.template).containerName,
  );
  for (const entry of plan.skipped)
    options.logger.info(
      `${entry.input}: ${entry.image} not used, the template has no container '${entry.container}'`,
    );
  for (const [container, image] of plan.images) options.logger.info(`container ${container}: ${image}`);
  return plan.images;
}

async function ensureTargetGroup(
  clients: AwsClients,
  options: DeployPreviewOptions,
  reading: DeployReading,
  changes: PreviewChange[],
): Promise<string> {
  const name = previewTargetGroupName(options.templateService, options.pullRequest);
  if (reading.ownTargetGroup?.TargetGroupArn) {
    changes.push({ resource: 'target group', name, action: 'unchanged' });
    return reading.ownTargetGroup.TargetGroupArn;
  }
  const request = targetGroupRequest(
    reading.templateTargetGroup,
    name,
    previewTags(options.templateService, options.pullRequest),
  );
  const created = await createTargetGroup(clients.elb, request, options.deregistrationDelaySeconds);
  changes.push({ resource: 'target group', name, action: 'created' });
  return created.TargetGroupArn!;
}

async function ensureService(
  clients: AwsClients,
  options: DeployPreviewOptions,
  target: { reading: DeployReading; taskDefinitionArn: string; targetGroupArn: string },
  changes: PreviewChange[],
): Promise<string> {
  const name = previewServiceName(options.templateService, options.pullRequest);
  const deployedAt = { key: PREVIEW_DEPLOYED_AT_TAG, value: new Date(options.clock.now()).toISOString() };
  const existing = target.reading.ownService?.service;
  if (existing?.serviceArn) {
    const same =
      existing.taskDefinition === target.taskDefinitionArn && existing.desiredCount === options.desiredCount;
    if (!same)
      await updateService(clients.ecs, {
        cluster: options.cluster,
        service: name,
        taskDefinitionArn: target.taskDefinitionArn,
        desiredCount: options.desiredCount,
      });
    await tagService(clients.ecs, existing.serviceArn, [deployedAt]);
    changes.push({ resource: 'service', name, action: same ? 'unchanged' : 'updated' });
    return existing.serviceArn;
  }
  const request = createServiceRequest(target.reading.template, {
    cluster: options.cluster,
    serviceName: name,
    taskDefinitionArn: target.taskDefinitionArn,
    targetGroupArn: target.targetGroupArn,
    desiredCount: options.desiredCount,
    tags: [...previewTags(options.templateService, options.pullRequest), deployedAt],
  });
  const created = await createService(clients.ecs, request);
  changes.push({ resource: 'service', name, action: 'created' });
  return created.serviceArn!;
}

/** The routing with its base URL filled in, and the listener's address for host URLs. */
async function resolveRouting(
  clients: AwsClients,
  options: DeployPreviewOptions,
): Promise<{ routing: PreviewRouting; address: ListenerAddress }> {
  const address = await listenerAddress(clients.elb, options.listenerArn);
  if (options.routing.kind === 'host' || options.routing.baseUrl)
    return { routing: options.routing, address };
  return { routing: { kind: 'path', baseUrl: address.baseUrl }, address };
}

/** Everything deployPreview decides on, read and checked before its first mutating call. */
async function readAndCheck(options: DeployPreviewOptions) {
  const { logger, clients } = options;
  const reading = await logger.group('Read template and previews', () =>
    readForDeploy({
      ecs: clients.ecs,
      elb: clients.elb,
      cluster: options.cluster,
      template: options.templateService,
      listenerArn: options.listenerArn,
      pullRequest: options.pullRequest,
    }),
  );
  const problem = capProblem({ ...options, existing: reading.existing });
  if (problem) throw new Error(problem);
  const { routing, address } = await resolveRouting(clients, options);
  const rendered = renderPreviewTaskDefinition({
    template: reading.templateTaskDefinition,
    pullRequest: options.pullRequest,
    images: imagesFor(options, reading),
    tags: previewTags(options.templateService, options.pullRequest),
  });
  await logger.group('Preflight', () => preflightPreview(options, { template: reading.template, rendered }));
  return { reading, routing, address, rendered };
}

/**
 * A failure part-way through Apply or in the health gate after it: the preview exists, maybe in part.
 * Says what this run changed and how to finish or remove it (each step converges on a re-run); a denial
 * names the permission (a gate's own "nothing was changed" is replaced by what Apply did change).
 */
function partlyApplied(options: DeployPreviewOptions, changes: PreviewChange[], error: unknown): unknown {
  const made = changes.filter((change) => change.action !== 'unchanged');
  if (made.length === 0 && changes.length === 0) return asMissingPermissions('preview', error);
  const done =
    made.length > 0
      ? `this run ${made.map((change) => `${change.action} ${change.resource} ${change.name}`).join(', ')}`
      : 'this run changed nothing';
  const next = `re-run the step to finish preview pr-${options.pullRequest}, or run preview with mode: teardown and pull-request: ${options.pullRequest} to remove it`;
  if (error instanceof MissingPermissionsError)
    return new MissingPermissionsError(
      'preview',
      error.permissions.map((permission) => ({ permission, principal: error.principal })),
      `${done}; ${next}`,
    );
  const denied = asMissingPermissions('preview', error, `${done}; ${next}`);
  return denied === error
    ? wrapError(`preview pr-${options.pullRequest} was applied only in part (${done}); ${next}`, error)
    : denied;
}

/** Creates or updates the pull request's preview; throws (before any change) when the cap is reached. */
export async function deployPreview(options: DeployPreviewOptions): Promise<PreviewDeployment> {
  const { logger, clients } = options;
  // Nothing below changes anything until Apply: a denied read names the permission and docs/iam/preview.json.
  const { reading, routing, address, rendered } = await beforeMutation('preview', () =>
    readAndCheck(options),
  );
  const changes: PreviewChange[] = [];
  const applied = await logger
    .group('Apply', async () => {
      const revision = await ensurePreviewRevision({
        ecs: clients.ecs,
        rendered,
        commit: options.commit,
        runUrl: options.runUrl,
        environment: previewLabel(options.pullRequest),
        now: new Date(options.clock.now()),
      });
      changes.push({
        resource: 'task definition',
        name: shortArn(revision.taskDefinitionArn),
        action: revision.registered ? 'created' : 'unchanged',
      });
      const targetGroupArn = await ensureTargetGroup(clients, options, reading, changes);
      const rule = await ensureRule({ elb: clients.elb, options, reading, routing, targetGroupArn, changes });
      const serviceArn = await ensureService(
        clients,
        options,
        { reading, taskDefinitionArn: revision.taskDefinitionArn, targetGroupArn },
        changes,
      );
      for (const change of changes) logger.info(`${change.resource} ${change.name}: ${change.action}`);
      return { ...rule, targetGroupArn, serviceArn, taskDefinitionArn: revision.taskDefinitionArn };
    })
    .catch((error: unknown) => {
      throw partlyApplied(options, changes, error);
    });
  const health = await gate(clients, options).catch((error: unknown) => {
    throw partlyApplied(options, changes, error);
  });
  return {
    pullRequest: options.pullRequest,
    url: previewUrl(routing, options.pullRequest, address),
    service: previewServiceName(options.templateService, options.pullRequest),
    ...applied,
    changes,
    health,
  };
}

async function gate(
  clients: AwsClients,
  options: DeployPreviewOptions,
): Promise<PreviewDeployment['health']> {
  if (!options.waitHealthy || options.desiredCount === 0)
    return { status: 'skipped', reason: 'not waited for' };
  return options.logger.group('Health gate', async () => {
    const verdict = await waitForHealthyDeployment({
      action: 'preview',
      ecs: clients.ecs,
      elb: clients.elb,
      cluster: options.cluster,
      service: previewServiceName(options.templateService, options.pullRequest),
      clock: options.clock,
      signal: options.signal,
      timeoutMs: options.healthTimeoutMs,
      // Preview revisions are never rollback targets: leave them unmarked.
      tagHealthy: false,
      logger: options.logger,
    });
    options.logger.info(`health: ${verdict.status} (${verdict.reason})`);
    return { status: verdict.status, reason: verdict.reason };
  });
}
