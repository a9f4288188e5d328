/**
 * Lets an action take its inputs from the kit's config file: with `config` (a path) and `environment`,
 * every input the step leaves empty (or at its action.yml default) takes the config file's value for that
 * environment. Explicit inputs win. An action's readInputs() builds its source with configInputSource() and
 * passes it to every reader.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { KitAction } from '../config/action-inputs.js';
import { mergeKeyedLines } from '../config/keyed-merge.js';
import { chooseInput } from '../config/precedence.js';
import { errorMessage, InputError } from '../errors.js';
import { annotateFile, issueCommand } from './commands.js';
import { runnerInputs, type InputSource } from './input-source.js';

/**
 * The action.yml defaults of `action`. The bundle runs as dist/<action>/index.js and the action's
 * metadata sits at actions/<action>/action.yml in the same checkout of the kit.
 */
export async function declaredDefaults(
  action: KitAction,
  metadataFile?: string,
): Promise<Record<string, string>> {
  const bundle = process.argv[1] ? dirname(resolve(process.argv[1])) : process.cwd();
  const file = metadataFile ?? join(bundle, '..', '..', 'actions', action, 'action.yml');
  if (!existsSync(file)) return {};
  const { parse } = await import('yaml');
  const metadata = parse(readFileSync(file, 'utf8')) as { inputs?: Record<string, { default?: unknown }> };
  return Object.fromEntries(
    Object.entries(metadata.inputs ?? {})
      .filter(([, spec]) => spec?.default !== undefined)
      .map(([name, spec]) => [name, String(spec.default)]),
  );
}

/** One file annotation per config problem that has a position (the step's error lists them all). */
function annotateConfigIssues(error: unknown, file: string): void {
  const issues = (error as { issues?: { path: string; message: string; line?: number; col?: number }[] })
    .issues;
  for (const issue of issues ?? []) {
    if (issue.line === undefined || issue.col === undefined) continue;
    const where = issue.path === '' ? '' : `${issue.path}: `;
    annotateFile(`${where}${issue.message}`, { file, line: issue.line, col: issue.col });
  }
}

/**
 * The map inputs of each action that the config file can also give, with the option that makes the step's
 * entries replace the config's instead of merging over them by key.
 */
export const MERGED_INPUTS: Record<KitAction, Record<string, string>> = {
  'ecs-deploy': {
    'environment-variables': 'replace-environment-variables',
    secrets: 'replace-secrets',
    images: 'replace-images',
  },
  'build-push': { 'build-args': 'replace-build-args' },
  'wait-healthy': {},
  'cleanup-ecr': {},
  preview: {},
};

/**
 * The merged value of each map input both the step and the config set; warns naming the config entries a
 * `replace-*` option drops, so a replaced list is never a silent loss.
 */
function mergeMapInputs(
  action: KitAction,
  base: InputSource,
  configured: Record<string, string>,
  defaults: Record<string, string>,
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [name, option] of Object.entries(MERGED_INPUTS[action])) {
    const explicit = base.given(name);
    const fromConfig = configured[name];
    if (explicit.trim() === '' || fromConfig === undefined) continue;
    const replace =
      chooseInput({ explicit: base.given(option), declaredDefault: defaults[option] })
        .trim()
        .toLowerCase() === 'true';
    const result = mergeKeyedLines(fromConfig, explicit, replace);
    merged[name] = result.value;
    if (result.dropped.length > 0) {
      issueCommand(
        'warning',
        `${option} is set: ${name} replaces the config's entries, so ${result.dropped.join(', ')} from the config ${result.dropped.length === 1 ? 'is' : 'are'} not applied`,
      );
    }
    if (result.overridden.length > 0) {
      issueCommand('debug', `${name}: the step's ${result.overridden.join(', ')} override the config's`);
    }
  }
  return merged;
}

/**
 * The inputs of `action` as an InputSource: the step's own (`base`) when `config` is unset; otherwise the
 * config file is loaded and validated, and each input the step leaves empty or at its action.yml default
 * takes the file's value for `environment`. The config loader (and its YAML parser) is imported only when
 * `config` is set.
 */
export async function configInputSource(
  action: KitAction,
  options: { metadataFile?: string; base?: InputSource } = {},
): Promise<InputSource> {
  const base = options.base ?? runnerInputs;
  const path = base.given('config');
  if (path === '') return base;
  const environment = base.given('environment');
  const { loadActionConfig } = await import('../config/deploy-config.js');
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  let configured: Record<string, string>;
  try {
    configured = loadActionConfig(action, { path, environment, workspace });
  } catch (error) {
    annotateConfigIssues(error, path);
    throw new InputError('config', errorMessage(error));
  }
  const defaults = await declaredDefaults(action, options.metadataFile);
  const merged = mergeMapInputs(action, base, configured, defaults);
  issueCommand(
    'debug',
    `config ${path} (${environment || 'base'}) sets: ${Object.keys(configured).join(', ') || 'nothing'}`,
  );
  return {
    given: (name) => base.given(name),
    value: (name) =>
      name === 'config' || name === 'environment'
        ? base.given(name)
        : name in merged
          ? merged[name]
          : chooseInput({
              explicit: base.given(name),
              configured: configured[name],
              declaredDefault: defaults[name],
            }),
  };
}
