/**
 * ecs-deploy's several-deployables form: when the config file gives services their own task definitions,
 * containers or overrides (or lists `build.images`), each service of the step's cluster becomes a
 * deployable of its own. Everything is read and checked here, before any AWS call: the task definition
 * files, the containers each service names (errors name the config path), and the built image of every
 * `build.images` name used (the `built-images` input, `name=reference` a line, by digest from build-push).
 */
import { relative, resolve } from 'node:path';
import { loadConfigFile } from '../../src/config/load.js';
import { resolveEnvironment } from '../../src/config/resolve.js';
import {
  applicableContainers,
  hasOwnDeployables,
  missingContainers,
  resolveDeployables,
  type DeployableSettings,
} from '../../src/config/deployables.js';
import { ConfigError } from '../../src/config/validate.js';
import type { DeployableSpec } from '../../src/deploy/index.js';
import { desiredCountFor } from '../../src/deploy/inputs.js';
import { InputError } from '../../src/errors.js';
import { readKeyValues } from '../../src/github/inputs.js';
import { runnerInputs, type InputSource } from '../../src/github/input-source.js';
import {
  imageReferenceProblem,
  renderTaskDefinition,
  type ContainerSetting,
} from '../../src/taskdef/inputs.js';
import type { TaskDefinitionInput } from '../../src/taskdef/inputs.js';
import type { Inputs } from './inputs.js';

/** `container:NAME` → the container and the name; `NAME` → no container (the first essential one). */
function containerSettings(map: Record<string, string>, containers: readonly string[]): ContainerSetting[] {
  return Object.entries(map).flatMap(([key, value]) => {
    const colon = key.indexOf(':');
    if (colon <= 0) return [{ name: key, value }];
    const container = key.slice(0, colon);
    // Like `containers`: an environment-wide entry applies where its container exists.
    return containers.includes(container) ? [{ container, name: key.slice(colon + 1), value }] : [];
  });
}

function firstEssential(definition: TaskDefinitionInput): string | undefined {
  const containers = definition.containerDefinitions ?? [];
  return (containers.find((container) => container.essential !== false) ?? containers[0])?.name;
}

/** Container → image reference: `build.images` names through the built images, references as written. */
function imagesOf(
  deployable: DeployableSettings,
  containers: Record<string, string>,
  context: { imageNames: Set<string>; built: Map<string, string> },
): Map<string, string> {
  const images = new Map<string, string>();
  for (const [container, value] of Object.entries(containers)) {
    if (context.imageNames.has(value)) {
      const reference = context.built.get(value);
      if (!reference)
        throw new InputError(
          'built-images',
          `no reference for image '${value}' (${deployable.path} container ${container} uses it); pass build-push's digest as ${value}=<repository>@sha256:…`,
        );
      images.set(container, reference);
      continue;
    }
    const problem = imageReferenceProblem(value);
    if (problem || !/[:@]/.test(value.slice(value.lastIndexOf('/') + 1)))
      throw new ConfigError('config', [
        {
          path: `${deployable.path}.containers.${container}`,
          message: `expected a build.images name or an image with a tag or digest, got '${value}'`,
        },
      ]);
    images.set(container, value);
  }
  return images;
}

/**
 * What the step itself passed (not the config's fallback) for the settings a workflow may override per
 * environment: they win over every service's own setting, as explicit inputs win everywhere else. The
 * config's values already reach each service through resolveDeployables, merged down to it.
 */
function explicitOverrides(inputs: Inputs, source: InputSource) {
  return {
    environment: Object.fromEntries(readKeyValues(source, 'environment-variables')),
    cpu: source.given('cpu') === '' ? undefined : inputs.cpu,
    memory: source.given('memory') === '' ? undefined : inputs.memory,
    desiredCount: source.given('desired-count') === '' ? undefined : inputs['desired-count'],
  };
}

/**
 * The step's deployables when the config uses the several-deployables form, else undefined (the single
 * task definition path, unchanged). Throws for bad input before any AWS call.
 */
export async function readDeployables(
  inputs: Inputs,
  source: InputSource = runnerInputs,
): Promise<DeployableSpec[] | undefined> {
  const path = source.given('config');
  if (path === '' || inputs.mode !== 'deploy') return undefined;
  const workspace = inputs.workflow.workspace;
  const config = loadConfigFile({ path, workspace });
  const resolved = resolveEnvironment(config, inputs.environment, path);
  const imageNames = new Set(Object.keys(resolved.settings.build?.images ?? {}));
  if (!hasOwnDeployables(resolved.settings) && imageNames.size === 0) return undefined;

  const step = new Set(inputs.service);
  const deployables = resolveDeployables(config, resolved).filter(
    (deployable) => (deployable.cluster ?? inputs.cluster) === inputs.cluster && step.has(deployable.service),
  );
  const { loadTaskDefinitionFile } = await import('../../src/taskdef/index.js');
  const loaded = await Promise.all(
    deployables.map(async (deployable) => {
      if (!deployable.taskDefinition) return undefined;
      const file = resolve(workspace, deployable.taskDefinition);
      return (await loadTaskDefinitionFile(file, relative(workspace, file))).taskDefinition;
    }),
  );
  const checked = deployables
    .map((deployable, index) => ({ deployable, definition: loaded[index] }))
    .filter((entry) => entry.definition !== undefined)
    .map(({ deployable, definition }) => ({
      deployable,
      containerNames: (definition!.containerDefinitions ?? []).map((container) => container.name ?? ''),
    }));
  const issues = missingContainers(checked);
  if (issues.length > 0) throw new ConfigError(path, issues);

  const built = readKeyValues(source, 'built-images');
  const explicit = explicitOverrides(inputs, source);
  const specs = deployables.map((deployable, index): DeployableSpec => {
    const base = loaded[index];
    const names = (base?.containerDefinitions ?? []).map((container) => container.name ?? '');
    const containers = base ? applicableContainers(deployable, names) : deployable.containers;
    const overrides = {
      variables: inputs.variables,
      images: imagesOf(deployable, containers, { imageNames, built }),
      defaultContainer: base ? firstEssential(base) : undefined,
      environment: containerSettings({ ...deployable.environment, ...explicit.environment }, names),
      secrets: containerSettings(deployable.secrets, names),
      cpu: explicit.cpu ?? deployable.cpu,
      memory: explicit.memory ?? deployable.memory,
      tags: inputs.tags,
    };
    // Render once here so override errors (a container the running revision lacks) surface before AWS.
    if (base) renderTaskDefinition(base, overrides);
    const desiredCount =
      desiredCountFor(explicit.desiredCount, deployable.service) ?? deployable.desiredCount;
    return { services: [deployable.service], base, overrides, desiredCount };
  });
  return specs;
}

/**
 * The traffic strategy the config gives the environment's gate (`rolling` without a config or a strategy).
 * Only a rolling gate is done once ecs-deploy's healthy wait passes: blue/green and native still need
 * wait-healthy to move traffic, so deploy.yml must not skip it for them.
 */
export function gateStrategy(inputs: Inputs, source: InputSource = runnerInputs): string {
  const path = source.given('config');
  if (path === '') return 'rolling';
  const config = loadConfigFile({ path, workspace: inputs.workflow.workspace });
  return resolveEnvironment(config, inputs.environment, path).settings.strategy?.type ?? 'rolling';
}
