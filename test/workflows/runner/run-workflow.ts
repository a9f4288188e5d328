/**
 * Runs a workflow the way GitHub would, against the simulator: jobs in `needs:` order, `if:` conditions,
 * reusable kit workflows expanded (the called workflow's jobs run with the caller's `with:` and defaults),
 * the kit's own steps (`$/actions/<name>`, `<owner>/ecs-kit/actions/<name>@ref`, `./actions/<name>`) run
 * as their bundles through runAction, `run:` steps through bash with GITHUB_OUTPUT and RUNNER_TEMP.
 * Third-party actions have documented stand-ins (STAND_INS); an unknown one fails the run, so a new
 * dependency is noticed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseCommandFile, ROOT, runAction, type RunResult } from '../../helpers/action.js';
import { kitPath } from '../checks/references.js';
import type { Job, Step, Workflow } from '../checks/model.js';
import { asText, condition, interpolate, type Contexts, type Value } from './expressions.js';

/** How to run a workflow. */
export interface WorkflowRun {
  /** The simulator's endpoint. */
  endpoint: string;
  /** The caller's repository checkout (GITHUB_WORKSPACE). */
  workspace: string;
  /** The triggering event: `github.event_name` and `github.event`. */
  event?: { name: string; payload?: Record<string, Value> };
  /** `inputs` of the top-level workflow (workflow_dispatch). */
  inputs?: Record<string, Value>;
  secrets?: Record<string, string>;
  /** Configuration variables (`vars.NAME`), as the repository's settings hold them. */
  vars?: Record<string, string>;
  /** Environment for every kit step (ECS_KIT_TIME_SCALE, PATH with a fake docker...). */
  env?: Record<string, string>;
  /**
   * Called before each job that runs (`pipeline/production`), with the steps so far: the one place a test
   * may change the world between jobs, as the world outside a pipeline changes between its environments.
   */
  beforeJob?: (job: string, steps: readonly StepRecord[]) => void | Promise<void>;
}

/** One step that ran (or was skipped), in order. */
export interface StepRecord {
  job: string;
  name: string;
  uses?: string;
  inputs?: Record<string, string>;
  skipped: boolean;
  result?: RunResult;
  /** A `run:` step's standard output (or a stand-in's refusal). */
  output?: string;
  /** What an attestation stand-in would have attested: its subjects, read as the real action reads them. */
  subjects?: AttestationSubject[];
  ok: boolean;
}

/** One subject of an attestation: an artifact's name and its sha256 digest (hex). */
export interface AttestationSubject {
  name: string;
  sha256: string;
}

/**
 * The subjects actions/attest-build-provenance takes from its inputs: `subject-name` with `subject-digest`
 * (`sha256:<hex>`), or `subject-checksums`, a file of `<hex digest> <name>` lines as sha256sum writes them
 * (one space, then an optional `*` or space flag before the name; lines without a space are skipped).
 * Throws where the action would fail, so a malformed file fails the step here too.
 */
export function attestationSubjects(inputs: Record<string, string>): AttestationSubject[] {
  const given = ['subject-path', 'subject-digest', 'subject-checksums'].filter((name) => inputs[name]);
  if (given.length !== 1)
    throw new Error(`exactly one of subject-path, subject-digest, subject-checksums, got ${given.length}`);
  if (inputs['subject-digest']) {
    const digest = /^sha256:([0-9a-f]{64})$/.exec(inputs['subject-digest']);
    if (!digest) throw new Error(`subject-digest must be sha256:<hex>: ${inputs['subject-digest']}`);
    if (!inputs['subject-name']) throw new Error('subject-name must be given with subject-digest');
    return [{ name: inputs['subject-name'], sha256: digest[1] }];
  }
  if (!inputs['subject-checksums']) throw new Error('subject-path is not stood in for');
  const subjects: AttestationSubject[] = [];
  for (const line of readFileSync(inputs['subject-checksums'], 'utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const sha256 = line.slice(0, space);
    const rest = line.slice(space + 1);
    const name = rest.startsWith('*') || rest.startsWith(' ') ? rest.slice(1) : rest;
    if (!/^[0-9a-fA-F]{64}$/.test(sha256)) throw new Error(`invalid sha256 digest: ${sha256}`);
    subjects.push({ name, sha256 });
  }
  return subjects;
}

/** What a run did: every step, the top-level jobs' results and outputs. */
export interface WorkflowResult {
  steps: StepRecord[];
  jobs: Record<string, { result: 'success' | 'failure' | 'skipped'; outputs: Record<string, string> }>;
}

/**
 * Third-party actions and what stands in for them here: the workspace already is the caller's checkout,
 * the simulator accepts any credentials (configure-aws-credentials only sets the region), the fake docker
 * on PATH needs no buildx setup, and attestations need GitHub's API (their subjects are read as the real
 * action reads them and recorded, not attested). A stand-in may return what it recorded, or throw to fail
 * the step as the real action would.
 */
const STAND_INS: Record<
  string,
  (inputs: Record<string, string>, env: Record<string, string>) => Partial<StepRecord> | void
> = {
  'actions/checkout': () => undefined,
  'aws-actions/configure-aws-credentials': (inputs, env) => {
    env.AWS_REGION = inputs['aws-region'];
    env.AWS_DEFAULT_REGION = inputs['aws-region'];
  },
  'docker/setup-buildx-action': () => undefined,
  'actions/attest-build-provenance': (inputs) => ({ subjects: attestationSubjects(inputs) }),
};

type Defaults = Record<string, { default?: unknown; type?: string }>;

function calledWorkflow(uses: string): Workflow {
  const path = kitPath(uses);
  if (!path || !/\.ya?ml$/.test(path)) throw new Error(`not a kit workflow: ${uses}`);
  return parse(readFileSync(join(ROOT, path), 'utf8')) as Workflow;
}

function needsOf(job: Job): string[] {
  const needs = (job as { needs?: string | string[] }).needs;
  return needs === undefined ? [] : Array.isArray(needs) ? needs : [needs];
}

function mapValues(raw: Record<string, unknown> | undefined, contexts: Contexts): Record<string, Value> {
  return Object.fromEntries(
    Object.entries(raw ?? {}).map(([key, value]) => [key, interpolate(value, contexts)]),
  );
}

/** The called workflow's inputs: the caller's `with:` over the declared defaults (typed like GitHub's). */
function callInputs(workflow: Workflow, given: Record<string, Value>): Record<string, Value> {
  const declared = ((workflow.on as { workflow_call?: { inputs?: Defaults } })?.workflow_call?.inputs ??
    {}) as Defaults;
  const inputs: Record<string, Value> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const value = name in given ? given[name] : (spec.default as Value);
    inputs[name] = spec.type === 'boolean' && typeof value === 'string' ? value === 'true' : value;
  }
  for (const name of Object.keys(given)) {
    if (!(name in declared)) throw new Error(`input '${name}' is not declared by the called workflow`);
  }
  return inputs;
}

class Runner {
  readonly steps: StepRecord[] = [];
  /** What the runner hands every step: GITHUB_EVENT_NAME, the payload file and RUNNER_TEMP. */
  private readonly eventEnv: Record<string, string>;

  constructor(
    private readonly options: WorkflowRun,
    scratch: string,
  ) {
    const path = join(scratch, 'event.json');
    writeFileSync(path, JSON.stringify(options.event?.payload ?? {}));
    this.eventEnv = {
      GITHUB_EVENT_NAME: options.event?.name ?? 'push',
      GITHUB_EVENT_PATH: path,
      RUNNER_TEMP: mkdtempSync(join(scratch, 'runner-temp-')),
    };
  }

  private github(): Record<string, Value> {
    return {
      event_name: this.options.event?.name ?? 'push',
      event: this.options.event?.payload ?? {},
      repository: 'acme/shop',
      run_id: '4242',
      sha: '0123456789abcdef0123456789abcdef01234567',
      ref: 'refs/heads/main',
      token: 'test-token',
    };
  }

  async workflow(
    workflow: Workflow,
    inputs: Record<string, Value>,
    secrets: Record<string, string>,
    prefix: string,
  ): Promise<WorkflowResult['jobs']> {
    const jobs = workflow.jobs ?? {};
    const done: WorkflowResult['jobs'] = {};
    const pending = Object.keys(jobs);
    while (pending.length > 0) {
      const index = pending.findIndex((name) => needsOf(jobs[name]).every((need) => need in done));
      if (index < 0) throw new Error(`jobs with unmet needs: ${pending.join(', ')}`);
      const [name] = pending.splice(index, 1);
      const job = jobs[name];
      const needs = Object.fromEntries(
        needsOf(job).map((need) => [need, { result: done[need].result, outputs: done[need].outputs }]),
      );
      const contexts: Contexts = {
        inputs,
        secrets,
        needs,
        github: this.github(),
        vars: this.options.vars ?? {},
        env: {},
      };
      const upstreamFailed = needsOf(job).some((need) => done[need].result !== 'success');
      const run = condition((job as { if?: unknown }).if, contexts, { failed: upstreamFailed });
      if (!run) {
        done[name] = { result: 'skipped', outputs: {} };
        continue;
      }
      await this.options.beforeJob?.(`${prefix}${name}`, this.steps);
      done[name] = await this.job(job, contexts, `${prefix}${name}`);
    }
    return done;
  }

  private async job(job: Job, contexts: Contexts, path: string): Promise<WorkflowResult['jobs'][string]> {
    if (job.uses) {
      const called = calledWorkflow(job.uses);
      const inputs = callInputs(called, mapValues(job.with, contexts));
      const secrets =
        job.secrets === 'inherit'
          ? (contexts.secrets as Record<string, string>)
          : Object.fromEntries(
              Object.entries(mapValues(job.secrets as Record<string, unknown>, contexts)).map(([k, v]) => [
                k,
                asText(v),
              ]),
            );
      const jobs = await this.workflow(called, inputs, secrets, `${path}/`);
      const failed = Object.values(jobs).some((result) => result.result === 'failure');
      const declared = (called.on as { workflow_call?: { outputs?: Record<string, { value: string }> } })
        .workflow_call?.outputs;
      const outputs = Object.fromEntries(
        Object.entries(declared ?? {}).map(([name, spec]) => [
          name,
          asText(interpolate(spec.value, { jobs: jobs as unknown as Value })),
        ]),
      );
      return { result: failed ? 'failure' : 'success', outputs };
    }
    const steps: Record<string, Value> = {};
    const env: Record<string, string> = { ...this.eventEnv, ...this.options.env };
    let failed = false;
    for (const step of job.steps ?? []) {
      const stepContexts = { ...contexts, steps, env };
      const name = step.name ?? step.uses ?? step.run ?? '';
      if (!condition((step as { if?: unknown }).if, stepContexts, { failed })) {
        this.steps.push({ job: path, name, uses: step.uses, skipped: true, ok: true });
        if (step.id) steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
        continue;
      }
      const { ok, outputs, record } = await this.step(step, stepContexts, env, path, name);
      this.steps.push(record);
      if (step.id) steps[step.id] = { outputs, outcome: ok ? 'success' : 'failure' };
      if (!ok) failed = true;
    }
    const jobOutputs = Object.fromEntries(
      Object.entries((job as { outputs?: Record<string, string> }).outputs ?? {}).map(([name, value]) => [
        name,
        asText(interpolate(value, { ...contexts, steps })),
      ]),
    );
    return { result: failed ? 'failure' : 'success', outputs: jobOutputs };
  }

  private async step(
    step: Step,
    contexts: Contexts,
    env: Record<string, string>,
    job: string,
    name: string,
  ): Promise<{ ok: boolean; outputs: Record<string, string>; record: StepRecord }> {
    const inputs = Object.fromEntries(
      Object.entries(mapValues(step.with, contexts)).map(([key, value]) => [key, asText(value)]),
    );
    const stepEnv = Object.fromEntries(
      Object.entries(mapValues(step.env, contexts)).map(([key, value]) => [key, asText(value)]),
    );
    if (step.run !== undefined) {
      const scratch = mkdtempSync(join(tmpdir(), 'ecs-kit-run-'));
      const output = join(scratch, 'output');
      writeFileSync(output, '');
      let ok = true;
      let stdout = '';
      try {
        stdout = execFileSync('bash', ['-e', '-c', asText(interpolate(step.run, contexts))], {
          cwd: this.options.workspace,
          env: { PATH: process.env.PATH, ...env, ...stepEnv, GITHUB_OUTPUT: output },
          stdio: 'pipe',
          encoding: 'utf8',
        });
      } catch {
        ok = false;
      }
      const outputs = parseCommandFile(readFileSync(output, 'utf8'));
      rmSync(scratch, { recursive: true, force: true });
      return { ok, outputs, record: { job, name, skipped: false, output: stdout, ok } };
    }
    const uses = step.uses ?? '';
    const action = kitPath(uses);
    if (action?.startsWith('actions/')) {
      const result = await runAction(action.slice('actions/'.length), {
        inputs: { ...expressionDefaults(action, contexts), ...inputs },
        endpoint: this.options.endpoint,
        workspace: this.options.workspace,
        env: { ...env, ...stepEnv },
      });
      const ok = result.code === 0;
      return { ok, outputs: result.outputs, record: { job, name, uses, inputs, skipped: false, result, ok } };
    }
    const standIn = STAND_INS[uses.split('@')[0]];
    if (!standIn) throw new Error(`${job}: no stand-in for ${uses}`);
    const record: StepRecord = { job, name, uses, inputs, skipped: false, ok: true };
    try {
      Object.assign(record, standIn(inputs, env));
    } catch (error) {
      Object.assign(record, { ok: false, output: (error as Error).message });
    }
    return { ok: record.ok, outputs: {}, record };
  }
}

/**
 * The inputs of a kit action whose `action.yml` default is an expression (preview's `github-token:
 * ${{ github.token }}`), evaluated as the runner evaluates them for a step that leaves them out.
 */
function expressionDefaults(action: string, contexts: Contexts): Record<string, string> {
  const declared = (
    parse(readFileSync(join(ROOT, action, 'action.yml'), 'utf8')) as {
      inputs?: Record<string, { default?: unknown }>;
    }
  ).inputs;
  return Object.fromEntries(
    Object.entries(declared ?? {})
      .filter(([, spec]) => typeof spec.default === 'string' && spec.default.includes('${{'))
      .map(([name, spec]) => [name, asText(interpolate(spec.default, contexts))]),
  );
}

/** Runs `text` (a workflow file's content) and returns every step it ran and each job's result. */
export async function runWorkflow(text: string, options: WorkflowRun): Promise<WorkflowResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'ecs-kit-workflow-'));
  try {
    const runner = new Runner(options, scratch);
    const workflow = parse(text) as Workflow;
    const jobs = await runner.workflow(workflow, options.inputs ?? {}, options.secrets ?? {}, '');
    return { steps: runner.steps, jobs };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A short account of a run for a failing assertion: each step, and the tail of a failed kit step's log. */
export function explainRun(result: WorkflowResult): string {
  return result.steps
    .map((step) => {
      const head = `${step.skipped ? 'skip' : step.ok ? 'ok  ' : 'FAIL'} ${step.job}: ${step.name}`;
      return step.ok || !step.result ? head : `${head}\n${step.result.stdout.slice(-2500)}`;
    })
    .join('\n');
}
