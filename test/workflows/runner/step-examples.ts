/**
 * A README's step example as a runnable workflow: the steps in one job, after stand-in steps that give the
 * outputs the example reads from earlier steps (`steps.build.outputs.image`), and after any steps a test
 * needs first (a deploy whose deployment ID a gate example follows). The example's own steps are unchanged.
 */
import { parse, stringify } from 'yaml';

/** What runs before the example's steps. */
export interface StepExampleContext {
  /** Step id → the outputs that stand-in step writes. */
  stepOutputs?: Record<string, Record<string, string>>;
  /** Steps (YAML list) to run after the stand-ins and before the example. */
  before?: string;
}

/** The workflow (text) of one job running `example` (a YAML list of steps). */
export function stepsAsWorkflow(example: string, context: StepExampleContext = {}): string {
  const standIns = Object.entries(context.stepOutputs ?? {}).map(([id, outputs]) => ({
    id,
    run: Object.entries(outputs)
      .map(([name, value]) => `echo '${name}=${value}' >> "$GITHUB_OUTPUT"`)
      .join('\n'),
  }));
  const before = context.before ? (parse(context.before) as unknown[]) : [];
  const steps = parse(example) as unknown[];
  return stringify({
    on: 'push',
    jobs: { example: { 'runs-on': 'ubuntu-latest', steps: [...standIns, ...before, ...steps] } },
  });
}
