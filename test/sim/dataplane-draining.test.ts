/**
 * Data plane: connection draining. A task that stops keeps answering the requests it already has while its
 * target drains, gets no new ones, and only then stops; without a deregistration delay the requests in
 * flight are cut.
 */
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
import { rollingWorld } from '../helpers/worlds.js';
import {
  countBy,
  get,
  getMany,
  startDataPlane,
  stopDataPlane,
  targetsOf,
  waitFor,
  type Answer,
  type DataPlaneHarness,
} from './dataplane-fixtures.js';

let harness: DataPlaneHarness | undefined;
afterEach(async () => {
  await stopDataPlane(harness);
  harness = undefined;
});

/** Starts one long request on each of the service's two tasks and waits until both are in flight. */
async function longRequestOnEachTask(h: DataPlaneHarness): Promise<Promise<Answer>[]> {
  const requests = [
    get(h.url(), { path: '/report?sleep=1500' }),
    get(h.url(), { path: '/report?sleep=1500' }),
  ];
  const groupArn = h.sim.world.elb.findTargetGroup('web-tg')!.arn;
  await waitFor('two requests in flight', () =>
    targetsOf(h, 'web-tg').every((target) => {
      const [id, port] = target.address.split(':');
      return h.sim.world.dataPlane!.inflightCount(groupArn, id, Number(port)) === 1;
    }),
  );
  return requests;
}

test('a draining target finishes its in-flight request and gets no new ones', async () => {
  // 300 s deregistration delay at x20: the target drains for 15 real seconds, far longer than the request.
  harness = await startDataPlane(rollingWorld({ deregistrationDelaySeconds: 300 }), 20);
  const inFlight = await longRequestOnEachTask(harness);
  await harness.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 1 }));
  const draining = await waitFor('a draining target', () =>
    targetsOf(harness!, 'web-tg').find((target) => target.state === 'draining'),
  );

  const during = await getMany(harness.url(), 40);
  expect(during.every((answer) => answer.status === 200)).toBe(true);
  expect(Object.keys(countBy(during, (answer) => answer.target))).toEqual([
    targetsOf(harness, 'web-tg').find((target) => target.state === 'healthy')!.address,
  ]);

  const finished = await Promise.all(inFlight);
  expect(finished.map((answer) => answer.status)).toEqual([200, 200]);
  expect(finished.map((answer) => answer.target)).toContain(draining.address);
  // The draining task is still DEACTIVATING (its app still up) when its last request completes.
  const stopping = [...harness.sim.world.ecs.state.clusters.get('prod')!.tasks.values()].find(
    (task) => `${task.privateIp}:8080` === draining.address,
  )!;
  expect(stopping.lastStatus).toBe('DEACTIVATING');
});

test('without a deregistration delay the in-flight request to the stopped task fails (naive cutover)', async () => {
  harness = await startDataPlane(rollingWorld({ deregistrationDelaySeconds: 0 }), 20);
  const inFlight = await longRequestOnEachTask(harness);
  await harness.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 1 }));
  const finished = await Promise.all(inFlight);
  expect(finished.map((answer) => answer.status).sort()).toEqual([200, 502]);
  expect(finished.find((answer) => answer.status === 502)!.server).toBe('awselb/2.0');
});
