/** Changing a preview service: create, point at a revision, tag, scale to zero, delete, wait until gone. */
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  TagResourceCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import type { Clock } from '../clock.js';
import { awsErrorName, wrapError } from '../errors.js';
import { findService } from './ecs-previews.js';
import type { PreviewTag } from './naming.js';

/** Creates the preview service; returns it. */
export async function createService(ecs: ECSClient, request: CreateServiceCommandInput): Promise<Service> {
  try {
    const response = await ecs.send(new CreateServiceCommand(request));
    if (!response.service?.serviceArn) throw new Error('no service in the response');
    return response.service;
  } catch (error) {
    throw wrapError(`creating service ${request.serviceName}`, error);
  }
}

/** Points the preview service at a revision (and its desired count). */
export async function updateService(
  ecs: ECSClient,
  options: { cluster: string; service: string; taskDefinitionArn: string; desiredCount: number },
): Promise<Service> {
  try {
    const response = await ecs.send(
      new UpdateServiceCommand({
        cluster: options.cluster,
        service: options.service,
        taskDefinition: options.taskDefinitionArn,
        desiredCount: options.desiredCount,
      }),
    );
    return response.service ?? {};
  } catch (error) {
    throw wrapError(`updating service ${options.service}`, error);
  }
}

/** Adds or overwrites tags on a service. */
export async function tagService(ecs: ECSClient, serviceArn: string, tags: PreviewTag[]): Promise<void> {
  try {
    await ecs.send(new TagResourceCommand({ resourceArn: serviceArn, tags }));
  } catch (error) {
    throw wrapError(`tagging service ${serviceArn}`, error);
  }
}

const gone = (error: unknown) => /ServiceNotFound|ServiceNotActive/.test(awsErrorName(error) ?? '');

/** Scales the service to zero, then deletes it; false when it was already gone or draining. */
export async function scaleDownAndDelete(
  ecs: ECSClient,
  options: { cluster: string; service: string },
): Promise<boolean> {
  try {
    await ecs.send(new UpdateServiceCommand({ ...options, desiredCount: 0 }));
    await ecs.send(new DeleteServiceCommand(options));
    return true;
  } catch (error) {
    if (gone(error)) return false;
    throw wrapError(`deleting service ${options.service}`, error);
  }
}

/**
 * Waits until ECS reports the service INACTIVE (its tasks stopped and drained) or unknown; false when
 * `timeoutMs` passed first. Images the draining tasks still run stay protected until then.
 */
export async function waitInactive(options: {
  ecs: ECSClient;
  cluster: string;
  service: string;
  clock: Clock;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<boolean> {
  const deadline = options.clock.now() + options.timeoutMs;
  for (;;) {
    const found = await findService(options.ecs, options.cluster, options.service);
    if (!found || found.service.status === 'INACTIVE') return true;
    if (options.clock.now() >= deadline) return false;
    await options.clock.sleep(5_000, options.signal);
  }
}
