/**
 * wait-healthy with `deployment-ids` (ecs-deploy's output, what deploy.yml passes): every listed service
 * is gated at once, the verdict is healthy only when every service is, and a failure names its service.
 */
import {
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { runAction } from '../helpers/action.js';
import { useSimulatorPerTest, type SimulatorHarness } from '../helpers/simulator.js';
import { estate, estateTaskDefinition, type EstateService } from '../workflows/fixtures/estates.js';

const TIME_SCALE = 100;
const image = (name: string, tag: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/${name}:${tag}`;
const services: EstateService[] = ['api', 'worker'].map((name) => ({
  cluster: 'prod',
  name,
  family: name,
  container: name,
  image: image(name, 'v1'),
}));
const simulators = useSimulatorPerTest();

/** Rolls each service to `<name>:v2`; returns ecs-deploy's deployment-ids output for them. */
async function rollAll(harness: SimulatorHarness): Promise<string> {
  const ids: Record<string, string> = {};
  for (const service of services) {
    const definition = estateTaskDefinition({ ...service, image: image(service.name, 'v2') });
    const registered = await harness.ecs.send(
      new RegisterTaskDefinitionCommand(definition as unknown as RegisterTaskDefinitionCommandInput),
    );
    const updated = await harness.ecs.send(
      new UpdateServiceCommand({
        cluster: 'prod',
        service: service.name,
        taskDefinition: registered.taskDefinition!.taskDefinitionArn,
      }),
    );
    ids[service.name] = updated.service!.deployments!.find((d) => d.status === 'PRIMARY')!.id!;
  }
  return JSON.stringify(ids);
}

function gate(harness: SimulatorHarness, inputs: Record<string, string>) {
  return runAction('wait-healthy', {
    endpoint: harness.sim.endpoint,
    inputs: { cluster: 'prod', timeout: '10m', 'unhealthy-timeout': '60s', ...inputs },
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE) },
  });
}

test('healthy only when every service is: both gated, one summary with a row each', async () => {
  const harness = await simulators.start({ timeScale: TIME_SCALE, world: estate(services, []), seed: 3 });
  const result = await gate(harness, { 'deployment-ids': await rollAll(harness) });
  expect([result.code, result.outputs.verdict]).toEqual([0, 'healthy']);
  expect(result.outputs['healthy-targets']).toBe('4');
  expect(result.summary.match(/^## .*$/gm)).toEqual(['## ✅ wait-healthy (rolling): healthy, 2 services']);
  for (const service of ['api', 'worker'])
    expect(result.summary).toMatch(
      new RegExp(
        `^\\| \\[\`${service}\`\\]\\([^)]*\\)<br><sub>ecs-svc/\\d+</sub> \\| healthy \\| [^|]+ \\| 2 \\| 2/2 new tasks healthy in ${service}-[0-9a-f]{6} \\|$`,
        'm',
      ),
    );
  expect(result.stdout).toMatch(
    /^healthy: api: 2\/2 new tasks healthy in api-[0-9a-f]{6}; worker: 2\/2 new tasks healthy in worker-[0-9a-f]{6}$/m,
  );
  const described = harness.sim.world.log
    .list()
    .filter((call) => call.operation === 'DescribeServices')
    .map((call) => JSON.stringify(call.params));
  expect(described.some((request) => request.includes('worker'))).toBe(true);
  // One batched gate: both services in each DescribeServices of its polls, tasks listed for the cluster.
  expect(
    described.filter((request) => request.includes('"api"') && request.includes('"worker"')).length,
  ).toBeGreaterThan(1);
  const perService = harness.sim.world.log
    .list()
    .filter((call) => call.operation === 'ListTasks' && call.params.serviceName !== undefined);
  expect(perService).toEqual([]);
}, 60_000);

test('one unhealthy service fails the gate, naming it', async () => {
  const harness = await simulators.start({ timeScale: TIME_SCALE, world: estate(services, []), seed: 3 });
  harness.sim.world.behaviours.set({ 'worker:v2': { kind: 'never-healthy' } });
  const result = await gate(harness, { 'deployment-ids': await rollAll(harness) });
  expect([result.code, result.outputs.verdict]).toEqual([1, 'unhealthy']);
  const error = result.annotations.find((annotation) => annotation.level === 'error')!;
  expect(error.message).toMatch(/^wait-healthy failed: unhealthy: worker: /);
  // The summary leads with the service that failed.
  expect(result.summary).toMatch(
    /^## ❌ wait-healthy \(rolling\): \w+, 1 of 2 services not healthy\n\n> \*\*`worker`: /,
  );
}, 60_000);

test('bad deployment-ids fail before any AWS call, naming the input', async () => {
  const harness = await simulators.start({ timeScale: TIME_SCALE, world: estate(services, []), seed: 3 });
  const before = harness.sim.world.log.list().length;
  const cases: [string, string][] = [
    [
      '{"api":"42"}',
      "input 'deployment-ids': expected an ECS deployment id such as ecs-svc/1234567890 for service 'api', got \"42\"",
    ],
    [
      'api=ecs-svc/1',
      "input 'deployment-ids': expected a JSON object of service name to ECS deployment id (ecs-deploy's deployment-ids output), got 'api=ecs-svc/1'",
    ],
  ];
  for (const [value, message] of cases) {
    const result = await gate(harness, { 'deployment-ids': value });
    expect(result.code).toBe(1);
    expect(result.annotations.map((annotation) => annotation.message)).toContain(
      `wait-healthy failed: ${message}`,
    );
  }
  expect(harness.sim.world.log.list().length).toBe(before);
}, 60_000);
