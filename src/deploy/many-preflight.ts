/**
 * deployMany's read phase and preflight, before its first mutating call: every deployable's services read
 * and its revision planned, then, once and together, the image check over every rendered revision and
 * the reads the later phases need (the gate's target groups, tasks and target health; the rollback targets
 * of services not settled on what they run; memberOf placement constraints). A denied read or an absent
 * image fails here, naming every missing permission or image, with nothing registered or updated,
 * exactly as deploy() does for one.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { beforeMutation, phasesTogether } from '../aws/access-denied.js';
import { checkImages, readServices, renderAndPlan, toUpdate, type DeploymentPlan } from './deploy.js';
import { checkPlacementConstraints } from './placement-check.js';
import { preflightDeploy, type DeployPreflight } from './preflight.js';
import type { DeployOptions, EngineContext } from './types.js';

/** What the read phase returns: per deployable, its services and plan; and the preflight's reads. */
export interface ManyReading {
  /** Per deployable, its services as described (after settling deployments in progress). */
  read: Service[][];
  plans: DeploymentPlan[];
  preflight: DeployPreflight;
}

/**
 * Reads and plans every deployable (`single`: each as deploy()'s options), then runs the preflight.
 * Throws MissingPermissionsError (nothing changed) or the image check's error.
 */
export async function readAndPreflightMany(
  context: EngineContext,
  single: DeployOptions[],
): Promise<ManyReading> {
  const { logger } = context;
  return beforeMutation('ecs-deploy', async () => {
    const read: Service[][] = [];
    for (const deployable of single)
      read.push(await logger.group('Read services', () => readServices(context, deployable)));
    const plans: DeploymentPlan[] = [];
    for (const [index, deployable] of single.entries())
      plans.push(await renderAndPlan(context, deployable, read[index]));
    const [, preflight] = await logger.group('Preflight', () =>
      phasesTogether<[void, DeployPreflight, void]>('ecs-deploy', [
        () => checkImages(context, ...plans.map((plan) => plan.rendered)),
        () =>
          preflightDeploy(context, single[0], {
            services: read.flat(),
            planned: plans.flatMap((plan) => plan.services),
          }),
        () =>
          checkPlacementConstraints(
            context.clients.ecs,
            single[0].cluster,
            plans.flatMap((plan, index) => toUpdate(read[index], plan)),
          ),
      ]),
    );
    return { read, plans, preflight };
  });
}
