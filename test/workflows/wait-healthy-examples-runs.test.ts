/**
 * wait-healthy's blue/green README examples, run as written in a job against the kit blue/green world
 * (web-blue live on blue-tg, web-green idle on green-tg, listener shop-alb:80): the canary on a listener
 * rule with a final bake that keeps the old colour warm, and the canary on the listener gated by an alarm
 * and the load balancer's request metrics while real requests go through the simulated load balancer. The
 * revision the examples read from `steps.register.outputs.task-definition-arn` is registered beforehand
 * and given by a stand-in step; the listener and rule ARNs come from `vars`, as a repository would set them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startLoad } from '../../sim/load/generator.js';
import { docExample } from '../helpers/doc-examples.js';
import { useSimulatorPerTest, type SimulatorHarness } from '../helpers/simulator.js';
import { blueGreenWorld, webTaskDefinition } from '../helpers/worlds.js';
import { explainRun, runWorkflow, type WorkflowResult } from './runner/run-workflow.js';
import { stepsAsWorkflow } from './runner/step-examples.js';

const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';
const simulators = useSimulatorPerTest();
let workspace: string;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-wait-examples-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

async function register(harness: SimulatorHarness): Promise<string> {
  const input = webTaskDefinition(V2) as unknown as RegisterTaskDefinitionCommandInput;
  return (await harness.ecs.send(new RegisterTaskDefinitionCommand(input))).taskDefinition!
    .taskDefinitionArn!;
}

async function listener(harness: SimulatorHarness): Promise<string> {
  const balancers = await harness.elb.send(new DescribeLoadBalancersCommand({}));
  const listeners = await harness.elb.send(
    new DescribeListenersCommand({ LoadBalancerArn: balancers.LoadBalancers![0].LoadBalancerArn }),
  );
  return listeners.Listeners![0].ListenerArn!;
}

/** Target group name → weight of the forward action of a listener's default or of a rule. */
async function weights(harness: SimulatorHarness, arn: string): Promise<Record<string, number>> {
  const actions = arn.includes(':listener-rule/')
    ? (await harness.elb.send(new DescribeRulesCommand({ RuleArns: [arn] }))).Rules![0].Actions!
    : (await harness.elb.send(new DescribeListenersCommand({ ListenerArns: [arn] }))).Listeners![0]
        .DefaultActions!;
  const forward = actions.find((action) => action.Type === 'forward')!;
  return Object.fromEntries(
    forward.ForwardConfig!.TargetGroups!.map((group) => [
      /targetgroup\/([^/]+)/.exec(group.TargetGroupArn!)![1],
      group.Weight ?? 0,
    ]),
  );
}

async function desiredCount(harness: SimulatorHarness, service: string): Promise<number> {
  const described = await harness.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: [service] }),
  );
  return described.services![0].desiredCount!;
}

async function run(
  harness: SimulatorHarness,
  timeScale: number,
  example: string,
  vars: Record<string, string>,
): Promise<WorkflowResult> {
  const taskDefinition = await register(harness);
  const result = await runWorkflow(
    stepsAsWorkflow(example, { stepOutputs: { register: { 'task-definition-arn': taskDefinition } } }),
    {
      endpoint: harness.sim.endpoint,
      workspace,
      vars,
      env: { ECS_KIT_TIME_SCALE: String(timeScale), AWS_REGION: 'us-east-1' },
    },
  );
  if (result.jobs.example.result !== 'success') throw new Error(explainRun(result));
  return result;
}

/** A CloudWatch alarm on the load balancer's 5xx count, not firing. */
const alarm = (AlarmName: string) => ({
  AlarmName,
  state: 'OK' as const,
  Namespace: 'AWS/ApplicationELB',
  MetricName: 'HTTPCode_Target_5XX_Count',
  Statistic: 'Sum' as const,
  Period: 60,
  EvaluationPeriods: 1,
  Threshold: 5,
  ComparisonOperator: 'GreaterThanThreshold' as const,
});

/** Real requests through the simulated load balancer's listener, for the metric gate to count. */
function startRequests(harness: SimulatorHarness) {
  const url = harness.sim.world.dataPlane!.listenerUrl('shop-alb', 80)!;
  return startLoad({
    url: `${url}/api/orders?sleep=10`,
    concurrency: 4,
    maxRequests: 200_000,
    maxDurationMs: 90_000,
    phase: () => 'run',
  });
}

const gate = (result: WorkflowResult) =>
  result.steps.find((step) => step.uses?.includes('/actions/wait-healthy@'))!.result!;

test('wait-healthy README, blue/green on a listener rule: all traffic to green after the bake, blue kept warm', async () => {
  const world = blueGreenWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 });
  world.rules = [
    {
      loadBalancer: 'shop-alb',
      listenerPort: 80,
      priority: 10,
      conditions: [{ field: 'path-pattern', values: ['/api/*'] }],
      actions: [
        {
          type: 'forward',
          targetGroups: [
            { name: 'blue-tg', weight: 100 },
            { name: 'green-tg', weight: 0 },
          ],
        },
      ],
    },
  ];
  const harness = await simulators.start({ timeScale: 200, world, seed: 33 });
  const rules = await harness.elb.send(new DescribeRulesCommand({ ListenerArn: await listener(harness) }));
  const rule = rules.Rules!.find((candidate) => candidate.Priority === '10')!.RuleArn!;

  const result = await run(harness, 200, docExample('actions/wait-healthy/README.md#blue-green-rule'), {
    PROD_RULE_ARN: rule,
  });
  expect(gate(result).outputs.verdict).toBe('healthy');
  expect(await weights(harness, rule)).toEqual({ 'blue-tg': 0, 'green-tg': 100 });
  // The listener's default action is not the example's: untouched.
  expect(await weights(harness, await listener(harness))).toEqual({ 'blue-tg': 100, 'green-tg': 0 });
  expect(await desiredCount(harness, 'web-blue')).toBe(2);
}, 120_000);

test('wait-healthy README, metric gate: a canary users are happy with goes to 100% under the alarm and bounds', async () => {
  const world = blueGreenWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 });
  world.alarms = [
    {
      AlarmName: 'shop-5xx',
      state: 'OK',
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
    },
  ];
  const harness = await simulators.start({
    timeScale: 25,
    world,
    seed: 35,
    dataPlane: true,
    maxAttempts: 10,
  });
  const arn = await listener(harness);
  const url = harness.sim.world.dataPlane!.listenerUrl('shop-alb', 80)!;
  const load = startLoad({
    url: `${url}/api/orders?sleep=10`,
    concurrency: 4,
    maxRequests: 100_000,
    maxDurationMs: 90_000,
    phase: () => 'run',
  });
  try {
    const result = await run(harness, 25, docExample('actions/wait-healthy/README.md#metric-gate'), {
      PROD_LISTENER_ARN: arn,
    });
    expect(gate(result).outputs).toMatchObject({ verdict: 'healthy', 'rolled-back': 'false' });
  } finally {
    await load.stop();
  }
  expect(await weights(harness, arn)).toEqual({ 'blue-tg': 0, 'green-tg': 100 });
  // The gate read the alarm and the load balancer's metrics while it shifted traffic.
  const operations = new Set(harness.sim.world.log.list().map((call) => call.operation));
  expect([operations.has('DescribeAlarms'), operations.has('GetMetricData')]).toEqual([true, true]);
}, 120_000);

test("configuration.md's gate section: wait-healthy with it as the config holds production's canary to alarms and metrics", async () => {
  const world = blueGreenWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 });
  world.alarms = [alarm('shop-5xx'), alarm('shop-p99')];
  const harness = await simulators.start({
    timeScale: 50,
    world,
    seed: 37,
    dataPlane: true,
    maxAttempts: 10,
  });
  writeFileSync(join(workspace, 'ecs-kit.yml'), docExample('docs/configuration.md#gate'));
  const arn = await listener(harness);
  // The example is an environment's gate: the services and the listener are the step's.
  const step = `
- uses: <owner>/ecs-kit/actions/wait-healthy@${'0'.repeat(40)} # v1.2.3
  with:
    config: ecs-kit.yml
    environment: production
    cluster: prod
    blue-service: web-blue
    green-service: web-green
    listener-arn: ${arn}
    task-definition: \${{ steps.register.outputs.task-definition-arn }}
`;
  const load = startRequests(harness);
  let result: WorkflowResult;
  try {
    result = await run(harness, 25, step, {});
  } finally {
    await load.stop();
  }
  expect(gate(result).outputs).toMatchObject({ verdict: 'healthy', 'rolled-back': 'false' });
  expect(await weights(harness, arn)).toEqual({ 'blue-tg': 0, 'green-tg': 100 });
  const calls = harness.sim.world.log.list();
  // The config's traffic plan: 10%, 50%, then all of it.
  const shifts = calls.filter((call) => call.operation === 'ModifyListener' && call.outcome === 'ok');
  expect(shifts).toHaveLength(3);
  const alarmsRead = calls
    .filter((call) => call.operation === 'DescribeAlarms')
    .map((call) => call.params.AlarmNames as string[]);
  expect(alarmsRead[0]).toEqual(['shop-5xx', 'shop-p99']);
  expect(calls.some((call) => call.operation === 'GetMetricData')).toBe(true);
}, 120_000);
