/**
 * The control API under `/_sim/`: seed a world, set image behaviours, the time scale and faults,
 * read the call log, the timeline and a state snapshot, reset. JSON in, JSON out.
 *
 *   POST /_sim/reset        {timeScale?, seed?}        fresh, empty world
 *   POST /_sim/seed         WorldSeed                  add resources
 *   POST /_sim/behaviours   {"<image>": ImageBehaviour}
 *   POST /_sim/time-scale   {scale}
 *   POST /_sim/advance      {ms}                       jump simulated time forward
 *   POST /_sim/faults       FaultConfig                replaces the fault configuration
 *   GET  /_sim/calls?since=N                           call records after sequence N
 *   DELETE /_sim/calls
 *   GET  /_sim/timeline?since=T                        timeline events after simulated time T
 *   GET  /_sim/state                                   snapshot of every resource
 *   GET  /_sim/dataplane                               listener proxy URLs and task apps (data plane on)
 *   POST /_sim/alarm-state  {name, state, reason?}     hold a CloudWatch alarm in a state
 *                           {name, follow: true}       let it follow its metric again
 *   GET  /_sim/health                                  {ok: true}
 */
import type http from 'node:http';
import { toJsonBody, encodeDates } from './protocol/json.js';
import type { World, WorldOptions } from './world.js';

interface WorldHolder {
  readonly world: World;
  reset(options?: WorldOptions): World;
}

function reply(response: http.ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(
    status === 200 ? toJsonBody(encodeDates(value)).replace(/"__date__:/g, '"') : JSON.stringify(value),
  );
}

/** Handles one control request. */
export async function handleControl(
  holder: WorldHolder,
  method: string,
  url: string,
  body: string,
  response: http.ServerResponse,
): Promise<void> {
  const parsed = new URL(url, 'http://sim');
  const route = `${method} ${parsed.pathname.replace(/\/+$/, '')}`;
  let input: Record<string, unknown> = {};
  try {
    input = body.trim() ? (JSON.parse(body) as Record<string, unknown>) : {};
  } catch (error) {
    reply(response, 400, { error: `control body is not JSON: ${String(error)}` });
    return;
  }
  const world = holder.world;
  try {
    switch (route) {
      case 'GET /_sim/health':
        return reply(response, 200, { ok: true });
      case 'POST /_sim/reset': {
        const next = holder.reset(input as WorldOptions);
        return reply(response, 200, { ok: true, now: next.clock.now() });
      }
      case 'POST /_sim/seed':
        world.seed(input);
        return reply(response, 200, { ok: true });
      case 'POST /_sim/behaviours':
        world.behaviours.set(input as never);
        return reply(response, 200, { ok: true });
      case 'POST /_sim/time-scale':
        world.clock.setScale(Number(input.scale));
        return reply(response, 200, { ok: true, scale: world.clock.getScale() });
      case 'POST /_sim/advance':
        world.clock.advance(Number(input.ms));
        return reply(response, 200, { ok: true, now: world.clock.now() });
      case 'POST /_sim/faults':
        world.faults.configure(input);
        return reply(response, 200, { ok: true });
      case 'GET /_sim/calls':
        return reply(response, 200, { calls: world.log.list(Number(parsed.searchParams.get('since') ?? 0)) });
      case 'DELETE /_sim/calls':
        world.log.clear();
        return reply(response, 200, { ok: true });
      case 'GET /_sim/timeline': {
        const since = Number(parsed.searchParams.get('since') ?? 0);
        return reply(response, 200, { events: world.timeline.filter((event) => event.time > since) });
      }
      case 'GET /_sim/dataplane':
        if (!world.dataPlane)
          return reply(response, 404, { error: 'the data plane is off (dataPlane: true)' });
        await world.dataPlane.ready();
        return reply(response, 200, world.dataPlane.snapshot());
      case 'POST /_sim/alarm-state':
        world.clock.fireDue();
        if (input.follow === true) world.cloudwatch.follow(String(input.name));
        else world.cloudwatch.holdState(String(input.name), input.state, input.reason as string | undefined);
        return reply(response, 200, { ok: true, state: world.cloudwatch.stateOf(String(input.name)) });
      case 'GET /_sim/state':
        world.clock.fireDue();
        return reply(response, 200, world.snapshot());
      default:
        return reply(response, 404, { error: `no control route ${route}` });
    }
  } catch (error) {
    reply(response, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}
