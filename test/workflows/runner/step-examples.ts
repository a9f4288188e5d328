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
  /** Job name → the outputs a stand-in job of that name gives (`needs.build.outputs.image`). */
  needOutputs?: Record<string, Record<string, string>>;
}

/** The workflow (text) of one job running `example` (a YAML list of steps). */
export function stepsAsWorkflow(example: string, context: StepExampleContext = {}): string {
  const before = context.before ? (parse(context.before) as unknown[]) : [];
  const steps = parse(example) as unknown[];
  const needed = Object.entries(context.needOutputs ?? {}).map(([job, outputs]) => [
    job,
    {
      'runs-on': 'ubuntu-latest',
      outputs: Object.fromEntries(
        Object.keys(outputs).map((name) => [name, `\${{ steps.out.outputs.${name} }}`]),
      ),
      steps: standInSteps({ out: outputs }),
    },
  ]);
  return stringify({
    on: 'push',
    jobs: {
      ...Object.fromEntries(needed),
      example: {
        'runs-on': 'ubuntu-latest',
        ...(needed.length > 0 ? { needs: needed.map(([job]) => job) } : {}),
        steps: [...standInSteps(context.stepOutputs ?? {}), ...before, ...steps],
      },
    },
  });
}

/** Steps that only write the given outputs, one step per id. */
function standInSteps(outputs: Record<string, Record<string, string>>): unknown[] {
  return Object.entries(outputs).map(([id, values]) => ({
    id,
    run: Object.entries(values)
      .map(([name, value]) => `echo '${name}=${value}' >> "$GITHUB_OUTPUT"`)
      .join('\n'),
  }));
}
