/**
 * The one way tests start and stop the simulator: a fresh simulator on 127.0.0.1 with real SDK clients
 * pointed at it, stopped (clients destroyed first) when the test or the file is done. Jest hooks are the
 * ambient globals, so scripts and benchmarks can import `startSimulatorHarness` outside Jest.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../../src/aws/clients.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../sim/index.js';

/** A running simulator and the kit's client set pointed at it. */
export interface SimulatorHarness extends AwsClients {
  sim: Simulator;
}

/** Simulator options plus the clients' attempts per request (the SDK's default, 3, when unset). */
export interface SimulatorHarnessOptions extends SimulatorOptions {
  maxAttempts?: number;
}

/** Static fake credentials: the simulator accepts any signature. */
const CREDENTIALS = { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' };

/** SDK clients (us-east-1, fake credentials) against a simulator's endpoint. */
export function simulatorClients(endpoint: string, maxAttempts?: number): AwsClients {
  const config = { endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts };
  return {
    ecs: new ECSClient(config),
    ecr: new ECRClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
    cloudwatch: new CloudWatchClient(config),
  };
}

/** Starts a fresh simulator and its clients. */
export async function startSimulatorHarness(
  options: SimulatorHarnessOptions = {},
): Promise<SimulatorHarness> {
  const { maxAttempts, ...simulatorOptions } = options;
  const sim = await startSimulator(simulatorOptions);
  return { sim, ...simulatorClients(sim.endpoint, maxAttempts) };
}

/** Destroys the clients and stops the simulator; nothing to do for a harness that never started. */
export async function stopSimulatorHarness(harness: SimulatorHarness | undefined): Promise<void> {
  if (!harness) return;
  harness.ecs.destroy();
  harness.ecr.destroy();
  harness.elb.destroy();
  harness.cloudwatch.destroy();
  await harness.sim.stop();
}

/**
 * One simulator for every test of the file: started in beforeAll, stopped in afterAll. Returns an
 * accessor, since the harness exists only once beforeAll ran.
 */
export function useSimulator(options: SimulatorHarnessOptions = {}): () => SimulatorHarness {
  let harness: SimulatorHarness | undefined;
  beforeAll(async () => {
    harness = await startSimulatorHarness(options);
  });
  afterAll(async () => {
    await stopSimulatorHarness(harness);
    harness = undefined;
  });
  return () => {
    if (!harness) throw new Error('the simulator is not running: use it inside a test');
    return harness;
  };
}

/** Starts simulators inside a test, each with the world that test needs. */
export interface SimulatorPerTest {
  /** Starts a fresh simulator; it is stopped after the test. */
  start(options?: SimulatorHarnessOptions): Promise<SimulatorHarness>;
}

/** A simulator per test, for files whose tests seed different worlds: whatever a test started stops in afterEach. */
export function useSimulatorPerTest(): SimulatorPerTest {
  const started: SimulatorHarness[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((harness) => stopSimulatorHarness(harness)));
  });
  return {
    async start(options) {
      const harness = await startSimulatorHarness(options);
      started.push(harness);
      return harness;
    },
  };
}
