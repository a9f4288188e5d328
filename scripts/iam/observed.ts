/** What the integration suites saw each action call: the recorded calls summarised per action and mode. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamAction, type SimService } from './names.js';

/** One recorded call (test/helpers/record-calls.ts writes these as JSON lines). */
export interface RecordedCall {
  action: string;
  mode: string;
  service: SimService;
  operation: string;
  params: Record<string, unknown>;
}

/** The calls of one mode. */
export interface ObservedMode {
  /** IAM actions called, sorted. */
  operations: string[];
  /** Create calls (IAM names) that carried tags, which AWS also authorises as a tagging action. */
  createdWithTags: string[];
  /** Resource types (`task-definition`, `service`) that `ecs:TagResource` was called on. */
  tagged: string[];
}

/** The calls of one action over every recorded run. */
export interface ObservedAction {
  /** IAM actions called in any mode, sorted. */
  operations: string[];
  modes: Record<string, ObservedMode>;
}

/** Action name → what it was seen calling (docs/iam/observed.json). */
export type Observed = Record<string, ObservedAction>;

function hasTags(params: Record<string, unknown>): boolean {
  const tags = params.tags ?? params.Tags;
  if (Array.isArray(tags)) return tags.length > 0;
  return typeof tags === 'object' && tags !== null && Object.keys(tags).length > 0;
}

/** `task-definition` for `arn:aws:ecs:us-east-1:1:task-definition/web:3`. */
export function arnResourceType(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const resource = arn.split(':').slice(5).join(':');
  return /^([a-z-]+)[/:]/.exec(resource)?.[1];
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

interface ModeDraft {
  ops: Set<string>;
  created: Set<string>;
  tagged: Set<string>;
}

/** Summarises recorded calls per action and mode. */
export function summarise(calls: RecordedCall[]): Observed {
  const draft = new Map<string, Map<string, ModeDraft>>();
  for (const call of calls) {
    const modes = draft.get(call.action) ?? new Map<string, ModeDraft>();
    draft.set(call.action, modes);
    const mode = modes.get(call.mode) ?? { ops: new Set(), created: new Set(), tagged: new Set() };
    modes.set(call.mode, mode);
    const action = iamAction(call.service, call.operation);
    mode.ops.add(action);
    if (/^(Create|Register)/.test(call.operation) && hasTags(call.params)) mode.created.add(action);
    if (action === 'ecs:TagResource') {
      const type = arnResourceType(call.params.resourceArn);
      if (type) mode.tagged.add(type);
    }
  }
  const observed: Observed = {};
  for (const [action, modes] of [...draft.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const entry: ObservedAction = { operations: [], modes: {} };
    for (const [mode, { ops, created, tagged }] of [...modes.entries()].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      entry.modes[mode] = {
        operations: sorted(ops),
        createdWithTags: sorted(created),
        tagged: sorted(tagged),
      };
    }
    entry.operations = sorted(Object.values(entry.modes).flatMap((mode) => mode.operations));
    observed[action] = entry;
  }
  return observed;
}

/** Reads every `<action>.jsonl` in `dir`. */
export function readRecordings(dir: string): RecordedCall[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedCall);
}
