/**
 * The shape of the kit's one deploy file (`.github/ecs-kit.yml`). Keys are kebab-case like the actions'
 * inputs, so a setting and the input it feeds read the same in YAML, in action.yml and in the docs.
 */

/** A duration as the actions accept it: seconds as a number, or `90s`, `10m`, `1h`, `500ms`. */
export type DurationSetting = number | string;

/** One ECS service to deploy to. */
export interface ServiceSettings {
  /** The service name. */
  name: string;
  /** The service's cluster; the top-level `cluster` when omitted. */
  cluster?: string;
  /** A desired count to set with the deployment. */
  'desired-count'?: number;
  /**
   * This service's own task definition file; without it (and without a top-level one) the service's
   * current revision is the base. Services with the same task definition share one registration.
   */
  'task-definition'?: string;
  /** Container → image for this service, merged over the environment's `containers`; see KitSettings. */
  containers?: Record<string, string>;
  /** Environment variables merged over the environment's (one level, like every map). */
  environment?: Record<string, string>;
  /** Secrets merged over the environment's. */
  secrets?: Record<string, string>;
  /** Task-level CPU for this service's revision (units or `1 vCPU`). */
  cpu?: string;
  /** Task-level memory for this service's revision (MiB or `2 GB`). */
  memory?: string;
}

/** How a deployment is gated and traffic shifted: wait-healthy's strategy and its settings. */
export interface StrategySettings {
  type?: 'rolling' | 'blue-green' | 'native';
  'listener-arn'?: string;
  'listener-rule-arn'?: string;
  'blue-service'?: string;
  'green-service'?: string;
  /** Traffic plan: `all-at-once`, a canary such as `10%:5m,100%`, or a linear step such as `25%:1m`. */
  traffic?: string;
  'final-bake'?: DurationSetting;
  /** After a blue-green cutover: scale the old colour down or keep it warm. */
  'old-colour'?: 'scale-down' | 'keep-warm';
  /** All-healthy observations in a row before the new tasks count as healthy. */
  consecutive?: number;
  'unhealthy-timeout'?: DurationSetting;
}

/**
 * What users see gates the rollout: CloudWatch alarms (wait-healthy; ecs-deploy with `deploy.wait: healthy`)
 * and the metric gate's bounds on the new colour's 5xx share and p99 latency (wait-healthy blue-green).
 */
export interface GateSettings {
  alarms?: string[];
  'allow-alarms-in-alarm'?: boolean;
  'alarm-bake'?: DurationSetting;
  /** Percentages such as `1%` or `0.5%`. */
  'metric-max-5xx'?: string;
  'metric-max-5xx-over-old'?: string;
  /** A latency such as `800ms` or `1.5s`. */
  'metric-max-p99'?: string;
  'metric-max-p99-over-old'?: string;
  'metric-min-requests'?: number;
}

/** ecs-deploy's behaviour. */
export interface DeploySettings {
  wait?: 'none' | 'deployment' | 'healthy';
  /** Roll back automatically when the rollout fails (ecs-deploy's rollback-on-failure). */
  rollback?: boolean;
  'force-new-deployment'?: boolean;
  'allow-family-change'?: boolean;
  'keep-revisions'?: number;
  /** A deployment already in progress on a service: wait for it, fail, or replace it. */
  'in-progress'?: 'wait' | 'fail' | 'replace';
  /** Services without a load balancer: how long their tasks must keep running after COMPLETED (src/deploy/settle.ts). */
  'worker-settle'?: DurationSetting;
  /** One-off tasks (migrations) before any service is updated. */
  before?: OneOffTaskSettings[];
  /** One-off tasks once every service is healthy. */
  after?: OneOffTaskSettings[];
}

/** One one-off task of `deploy.before` / `deploy.after`. */
export interface OneOffTaskSettings {
  /** The container whose command is overridden (default: the first essential container). */
  container?: string;
  /** The command, exec form. */
  command: string[];
  environment?: Record<string, string>;
  timeout?: DurationSetting;
}

/** How long the kit waits. */
export interface TimeoutSettings {
  deploy?: DurationSetting;
  healthy?: DurationSetting;
}

/** One image of `build.images`: what to build and where to push it. */
export interface ImageSettings {
  repository: string;
  context?: string;
  dockerfile?: string;
  target?: string;
  platforms?: string[];
  'build-args'?: Record<string, string>;
}

/** build-push's settings. */
export interface BuildSettings {
  /**
   * Several images by name. A service's `containers` entry whose value is one of these names gets that
   * image (by digest, once built); a name no service uses is an error.
   */
  images?: Record<string, ImageSettings>;
  repository?: string;
  context?: string;
  dockerfile?: string;
  target?: string;
  platforms?: string[];
  'build-args'?: Record<string, string>;
  'create-repository'?: boolean;
}

/** cleanup-ecr's scope and retention rules (the same names as its inputs). */
export interface CleanupSettings {
  repositories?: string[];
  clusters?: string[];
  'keep-newest'?: number;
  'keep-newest-untagged'?: number;
  'keep-within'?: DurationSetting;
  'keep-tags'?: string[];
  /** Tag pattern → how many of the newest images with a matching tag to keep. */
  'keep-newest-matching'?: Record<string, number>;
  'delete-untagged-after'?: DurationSetting;
  'delete-tags'?: string[];
  'delete-unkept'?: boolean;
  /** Newest ACTIVE revisions per service family kept, tagged or not; also rollback candidates per service. */
  'rollback-revisions'?: number;
}

/**
 * The preview action's settings: where pull request previews go and how they are run. The cluster, the
 * region and (unless `service` is set) the template service come from the top-level settings.
 */
export interface PreviewSettings {
  /** The template service previews are copied from; the first service when omitted. */
  service?: string;
  /** The container that gets the pull request's image; the one bare-repository container when omitted. */
  'container-name'?: string;
  'listener-arn'?: string;
  /** Route by host header `pr-<n>.<domain>`; without it previews are routed by path `/pr-<n>/*`. */
  domain?: string;
  'base-url'?: string;
  'desired-count'?: number;
  'max-previews'?: number;
  'priority-base'?: number;
  'priority-range'?: number;
  'deregistration-delay'?: DurationSetting;
  'wait-healthy'?: boolean;
  'health-timeout'?: DurationSetting;
  /** ECR repositories whose pull request images teardown deletes. */
  repositories?: string[];
  /** Tag pattern of a pull request's images; `{number}` is the pull request number. */
  'image-tags'?: string;
  'drain-timeout'?: DurationSetting;
  /** Sweep previews last deployed longer ago than this. */
  ttl?: DurationSetting;
}

/** The settings the base and every environment may hold. */
export interface KitSettings {
  region?: string;
  cluster?: string;
  services?: ServiceSettings[];
  /** Path of the task definition file, relative to the repository root. */
  'task-definition'?: string;
  /**
   * Container name → image. A full reference (with a tag or digest) is deployed as is; a bare repository
   * marks the container that gets the image the pipeline built (ecs-deploy's `container-name`).
   */
  containers?: Record<string, string>;
  /** Environment variables of that container (`NAME`), or of another one (`container:NAME`). */
  environment?: Record<string, string>;
  /** Secrets (name → Secrets Manager / SSM ARN), named like `environment`. */
  secrets?: Record<string, string>;
  /** Task-level CPU of the deployed revision (units or `1 vCPU`); a service may override it. */
  cpu?: string;
  /** Task-level memory of the deployed revision (MiB or `2 GB`); a service may override it. */
  memory?: string;
  strategy?: StrategySettings;
  gate?: GateSettings;
  deploy?: DeploySettings;
  timeouts?: TimeoutSettings;
  build?: BuildSettings;
  cleanup?: CleanupSettings;
  preview?: PreviewSettings;
}

/** The whole file: base settings at the top, named environments that inherit them. */
export interface KitConfig extends KitSettings {
  version?: 1;
  environments?: Record<string, KitSettings>;
}

/** One environment's settings after the base and its overlay were merged. */
export interface ResolvedEnvironment {
  /** The environment's name, or undefined for the base alone. */
  name?: string;
  settings: KitSettings;
}
