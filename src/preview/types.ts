/** The preview engine's options and results. */
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { PreviewImage } from './container-images.js';
import type { PreviewRouting, PriorityRange } from './routing.js';

/** The preview action's modes. */
export const PREVIEW_MODES = ['deploy', 'teardown', 'sweep'] as const;
/** One of PREVIEW_MODES. */
export type PreviewMode = (typeof PREVIEW_MODES)[number];

/** What every mode needs: where the template service and the shared listener are. */
export interface PreviewScope {
  /** The action's client set: ECS and ELBv2 for the preview, ECR for a teardown's images. */
  clients: AwsClients;
  cluster: string;
  /** The template service previews are copied from; never modified. */
  templateService: string;
  /** The listener the preview rules are added to. */
  listenerArn: string;
  clock: Clock;
  logger: Logger;
  signal?: AbortSignal;
}

/** Options of deployPreview. */
export interface DeployPreviewOptions extends PreviewScope {
  pullRequest: number;
  /** The pull request's images (its build), each with the container it goes to and the input it came from. */
  images: PreviewImage[];
  routing: PreviewRouting;
  priorities: PriorityRange;
  desiredCount: number;
  /** At most this many previews of the template at once (counting this one). */
  maxPreviews: number;
  /** Deregistration delay of the preview's target group, seconds. */
  deregistrationDelaySeconds: number;
  /** Wait for the health gate (false: return once the service is updated). */
  waitHealthy: boolean;
  healthTimeoutMs: number;
  /** Commit deployed and the run, for provenance tags. */
  commit?: string;
  runUrl?: string;
}

/** What deployPreview created or found. */
export interface PreviewDeployment {
  pullRequest: number;
  url: string;
  service: string;
  serviceArn: string;
  targetGroupArn: string;
  ruleArn: string;
  priority: number;
  taskDefinitionArn: string;
  /** What happened to each resource. */
  changes: PreviewChange[];
  /** The health gate's verdict (`skipped` when not waited for). */
  health: { status: string; reason: string };
}

/** One resource and what the run did to it. */
export interface PreviewChange {
  resource: 'task definition' | 'target group' | 'listener rule' | 'service' | 'images';
  name: string;
  action: 'created' | 'updated' | 'unchanged' | 'deleted' | 'already gone' | 'kept';
  detail?: string;
}

/** Options of teardownPreview. */
export interface TeardownPreviewOptions extends PreviewScope {
  pullRequest: number;
  /** ECR repositories to delete the PR's images from (none: images are left alone). */
  repositories: string[];
  /** Tag pattern of the PR's images, e.g. `pr-12-*`. */
  imageTagPattern: string;
  /** How long to wait for the service's tasks to drain before deleting the target group. */
  drainTimeoutMs: number;
}

/** What teardownPreview removed. */
export interface PreviewTeardown {
  pullRequest: number;
  service: string;
  changes: PreviewChange[];
}

/** A preview found in the cluster or on the listener. */
export interface PreviewInventoryEntry {
  pullRequest: number;
  service?: string;
  /** Last deployment (epoch ms), from the service's tag or its creation time. */
  deployedAt?: number;
  ruleArn?: string;
}
