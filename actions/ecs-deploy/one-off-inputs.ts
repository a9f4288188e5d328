/**
 * ecs-deploy's one-off task inputs: `before-command` / `after-command` as a shell command (run with
 * `sh -c`), a JSON list of strings (exec form), or a JSON list of task objects
 * `{container, command, environment, timeout}` (the form the config's `deploy.before` / `deploy.after` are
 * passed in). Pure: the caller reads the raw values, so this is tested without an environment.
 */
import { InputError } from '../../src/errors.js';
import type { OneOffPhase, OneOffTaskSpec } from '../../src/deploy/inputs.js';
import { CONTAINER_NAME, hasForm } from '../../src/validation/aws-names.js';
import { parseDuration } from '../../src/validation/duration.js';

/** Where a raw value came from and the defaults it gets. */
export interface OneOffInputContext {
  phase: OneOffPhase;
  /** `before-command` or `after-command`. */
  input: string;
  /** True when the value is the config file's `deploy.before` / `deploy.after` (errors name that path). */
  fromConfig: boolean;
  /** `one-off-container`. */
  container?: string;
  /** `one-off-timeout`, milliseconds. */
  timeoutMs: number;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** The error for one task: named by the config path or by the input. */
function problem(context: OneOffInputContext, source: string, expected: string): InputError {
  return context.fromConfig
    ? new InputError('config', `${source}: ${expected}`)
    : new InputError(context.input, source === context.input ? expected : `${source}: ${expected}`);
}

function taskFromObject(
  context: OneOffInputContext,
  source: string,
  entry: Record<string, unknown>,
): OneOffTaskSpec {
  const command = typeof entry.command === 'string' ? ['sh', '-c', entry.command] : entry.command;
  if (!isStringList(command) || command.length === 0 || command.every((part) => part.trim() === ''))
    throw problem(context, source, 'needs a command (a list of strings such as ["npm", "run", "migrate"])');
  const container = entry.container ?? context.container;
  if (container !== undefined && (typeof container !== 'string' || !hasForm(CONTAINER_NAME, container)))
    throw problem(context, source, `container must be a container name, got ${JSON.stringify(container)}`);
  const environment = entry.environment ?? {};
  if (typeof environment !== 'object' || environment === null || Array.isArray(environment))
    throw problem(context, source, 'environment must be a map of NAME: value');
  const timeout = entry.timeout === undefined ? undefined : parseDuration(String(entry.timeout));
  if (entry.timeout !== undefined && (timeout === undefined || timeout <= 0))
    throw problem(
      context,
      source,
      `timeout: expected a duration such as 90s or 10m, got '${String(entry.timeout)}'`,
    );
  return {
    phase: context.phase,
    source,
    container,
    command,
    environment: Object.entries(environment).map(([name, value]) => ({ name, value: String(value) })),
    timeoutMs: timeout ?? context.timeoutMs,
  };
}

/** Parses one raw `before-command` / `after-command` value into the tasks it describes ('' → none). */
export function parseOneOffTasks(raw: string, context: OneOffInputContext): OneOffTaskSpec[] {
  const text = raw.trim();
  if (text === '') return [];
  const configPath = `deploy.${context.phase}`;
  let parsed: unknown = text;
  if (text.startsWith('[')) {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw problem(
        context,
        context.fromConfig ? configPath : context.input,
        `not a JSON list: ${String(error)}`,
      );
    }
  }
  if (typeof parsed === 'string') return [taskFromObject(context, context.input, { command: parsed })];
  if (isStringList(parsed)) return [taskFromObject(context, context.input, { command: parsed })];
  if (!Array.isArray(parsed))
    throw problem(context, context.input, 'expected a command, a JSON list of strings or of tasks');
  return parsed.map((entry, index) => {
    const source = context.fromConfig ? `${configPath}[${index}]` : `${context.input}[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw problem(context, source, 'expected a task {container, command, environment, timeout}');
    return taskFromObject(context, source, entry as Record<string, unknown>);
  });
}
