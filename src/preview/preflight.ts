/**
 * preview's preflight: once the template, the previews and the listener are read and the revision is
 * rendered, and before the first mutating call, the reads the later phases need are made once. An image
 * that is not in ECR fails here (a preview of it would never start), and a role that could create the
 * preview but not watch its health fails here too, naming each missing permission and
 * docs/iam/preview.json, with nothing created.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { phasesTogether } from '../aws/access-denied.js';
import { preflightGate } from '../health/preflight.js';
import { checkImagesOrWarn } from '../registry/image-exists.js';
import type { TaskDefinitionInput } from '../taskdef/types.js';
import type { DeployPreviewOptions } from './types.js';

/**
 * The image check and, when the step waits for health, the gate's reads (target health, ListTasks,
 * DescribeTasks) on the template service, which runs behind the same kind of target group the preview
 * will: the same IAM actions the gate calls on the preview. Throws MissingPermissionsError or the image
 * check's error.
 */
export async function preflightPreview(
  options: Pick<DeployPreviewOptions, 'clients' | 'cluster' | 'logger' | 'waitHealthy' | 'desiredCount'>,
  read: { template: Service; rendered: TaskDefinitionInput },
): Promise<void> {
  const images = (read.rendered.containerDefinitions ?? []).flatMap((container) => container.image ?? []);
  const gated = options.waitHealthy && options.desiredCount > 0;
  await phasesTogether<[void, unknown]>('preview', [
    () => checkImagesOrWarn('preview', { ecr: options.clients.ecr, logger: options.logger, images }),
    () =>
      gated
        ? preflightGate({
            clients: options.clients,
            cluster: options.cluster,
            services: [read.template],
            action: 'preview',
          })
        : Promise.resolve(undefined),
  ]);
}
