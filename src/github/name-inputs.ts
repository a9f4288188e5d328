/**
 * Readers for inputs that name AWS resources: clusters, services, containers, task definitions, listeners.
 * The accepted forms live in src/validation/aws-names.ts; errors name the input and that form.
 */
import { InputError } from '../errors.js';
import {
  CLUSTER,
  CONTAINER_NAME,
  LISTENER_ARN,
  LISTENER_RULE_ARN,
  SERVICE,
  TASK_DEFINITION,
  hasForm,
  type NameForm,
} from '../validation/aws-names.js';
import type { InputSource } from './input-source.js';
import { readList } from './inputs.js';

/** An input that must have `form`; undefined when unset, unless `required`. */
export function readNamed(
  source: InputSource,
  name: string,
  form: NameForm,
  options: { required: true },
): string;
export function readNamed(
  source: InputSource,
  name: string,
  form: NameForm,
  options?: { required?: boolean },
): string | undefined;
export function readNamed(
  source: InputSource,
  name: string,
  form: NameForm,
  options: { required?: boolean } = {},
): string | undefined {
  const value = source.value(name);
  if (value === '') {
    if (options.required) throw new InputError(name, `is required (${form.expected})`);
    return undefined;
  }
  if (!hasForm(form, value)) throw new InputError(name, `expected ${form.expected}, got '${value}'`);
  return value;
}

/** A list input whose every item has `form`. */
export function readNamedList(source: InputSource, name: string, form: NameForm): string[] {
  const items = readList(source, name);
  const bad = items.find((item) => !hasForm(form, item));
  if (bad !== undefined) throw new InputError(name, `expected ${form.expected}, got '${bad}'`);
  return items;
}

/** The required cluster name or ARN. */
export function readCluster(source: InputSource, name = 'cluster'): string {
  return readNamed(source, name, CLUSTER, { required: true });
}

/** A service name or ARN, or undefined when unset. */
export function readService(source: InputSource, name = 'service'): string | undefined {
  return readNamed(source, name, SERVICE);
}

/** A container name, or undefined when unset. */
export function readContainerName(source: InputSource, name = 'container-name'): string | undefined {
  return readNamed(source, name, CONTAINER_NAME);
}

/** A task definition family, family:revision or ARN, or undefined when unset. */
export function readTaskDefinition(source: InputSource, name = 'task-definition'): string | undefined {
  return readNamed(source, name, TASK_DEFINITION);
}

/** An ALB/NLB listener ARN, or undefined when unset. */
export function readListenerArn(source: InputSource, name = 'listener-arn'): string | undefined {
  return readNamed(source, name, LISTENER_ARN);
}

/** An ALB/NLB listener rule ARN, or undefined when unset. */
export function readListenerRuleArn(source: InputSource, name = 'listener-rule-arn'): string | undefined {
  return readNamed(source, name, LISTENER_RULE_ARN);
}
