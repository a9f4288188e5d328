/** ECS simulator: task placement on container instances (strategies, constraints, host ports), as a pure function. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  DYNAMIC_PORT_RANGE,
  place,
  taskDemand,
  type InstanceUsage,
  type PlacementRequest,
} from '../../sim/ecs/instance-placement.js';
import { parsePlacementExpression } from '../../sim/ecs/placement-expression.js';
import type { ContainerInstanceRecord } from '../../sim/ecs/records.js';

function instance(index: number, overrides: Partial<ContainerInstanceRecord> = {}): ContainerInstanceRecord {
  return {
    arn: `arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci${index}`,
    id: `ci${index}`,
    ec2InstanceId: `i-${index}`,
    status: 'ACTIVE',
    cpu: 2048,
    memory: 4096,
    reservedPorts: [22],
    attributes: {
      'ecs.instance-type': index === 0 ? 't3.large' : 'm5.large',
      'ecs.availability-zone': `us-east-1${'abc'[index % 3]}`,
    },
    registeredAt: 0,
    ...overrides,
  };
}

const bridge = (hostPort = 0, memory = 512) =>
  taskDemand({
    networkMode: 'bridge',
    containerDefinitions: [
      { name: 'web', cpu: 256, memory, portMappings: [{ containerPort: 8080, hostPort }] },
    ],
  });

/** Places `count` tasks one after another, recording usage like the cluster would. */
function placeMany(
  instances: ContainerInstanceRecord[],
  count: number,
  request: Omit<PlacementRequest, 'pick'>,
) {
  const usage = new Map<string, InstanceUsage>();
  const placed: { instance: string; ports: number[] }[] = [];
  for (let index = 0; index < count; index++) {
    const result = place(instances, usage, { ...request, pick: () => 0 });
    if (!result.placed) return { placed, failure: result.reason };
    const entry = usage.get(result.instance.arn) ?? {
      cpu: 0,
      memory: 0,
      ports: new Set(),
      groups: new Map(),
    };
    entry.cpu += request.demand.cpu;
    entry.memory += request.demand.memory;
    for (const binding of result.networkBindings) entry.ports.add(binding.hostPort);
    entry.groups.set(request.group, (entry.groups.get(request.group) ?? 0) + 1);
    usage.set(result.instance.arn, entry);
    placed.push({
      instance: result.instance.id,
      ports: result.networkBindings.map((binding) => binding.hostPort),
    });
  }
  return { placed, failure: undefined };
}

const three = [instance(0), instance(1), instance(2)];
const group = 'service:web';

describe('EC2 task placement', () => {
  it('spreads over zones and instances by default, binpack on memory fills one instance first', () => {
    expect(placeMany(three, 3, { demand: bridge(), group }).placed.map((p) => p.instance)).toEqual([
      'ci0',
      'ci1',
      'ci2',
    ]);
    const packed = placeMany(three, 3, {
      demand: bridge(),
      group,
      strategy: [{ type: 'binpack', field: 'memory' }],
    });
    expect(packed.placed.map((p) => p.instance)).toEqual(['ci0', 'ci0', 'ci0']);
  });

  it('spreads by a custom attribute', () => {
    const racks = three.map((item, index) => ({
      ...item,
      attributes: { ...item.attributes, rack: index < 2 ? 'r1' : 'r2' },
    }));
    const spread = placeMany(racks, 2, {
      demand: bridge(),
      group,
      strategy: [{ type: 'spread', field: 'attribute:rack' }],
    });
    expect(spread.placed.map((p) => p.instance)).toEqual(['ci0', 'ci2']);
  });

  it('distinctInstance puts each task of the group on its own instance and fails the fourth', () => {
    const result = placeMany(three, 4, {
      demand: bridge(),
      group,
      strategy: [{ type: 'binpack', field: 'memory' }],
      constraints: [{ type: 'distinctInstance' }],
    });
    expect(result.placed.map((p) => p.instance)).toEqual(['ci0', 'ci1', 'ci2']);
    expect(result.failure).toMatch(
      /^The closest matching \(container-instance ci\d\) does not satisfy the placement constraints/,
    );
  });

  it('memberOf keeps to matching instances (==, in)', () => {
    const onlyT3 = placeMany(three, 2, {
      demand: bridge(),
      group,
      constraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == t3.large' }],
    });
    expect(onlyT3.placed.map((p) => p.instance)).toEqual(['ci0', 'ci0']);
    const zones = placeMany(three, 4, {
      demand: bridge(),
      group,
      constraints: [
        { type: 'memberOf', expression: 'attribute:ecs.availability-zone in [us-east-1b, us-east-1c]' },
      ],
    });
    expect(new Set(zones.placed.map((p) => p.instance))).toEqual(new Set(['ci1', 'ci2']));
    expect(() => parsePlacementExpression('task:group == web')).toThrow(/cannot evaluate/);
  });

  it('bridge binds dynamic host ports from 32768; static and host ports conflict per instance', () => {
    const dynamic = placeMany([instance(0)], 3, { demand: bridge(), group });
    expect(dynamic.placed.map((p) => p.ports[0])).toEqual([32768, 32769, 32770]);
    const fixed = placeMany([instance(0), instance(1)], 3, { demand: bridge(80), group });
    expect(fixed.placed.map((p) => p.ports[0])).toEqual([80, 80]);
    expect(fixed.failure).toMatch(/is already using a port required by your task\.$/);
    const host = taskDemand({
      networkMode: 'host',
      containerDefinitions: [{ name: 'web', memory: 64, portMappings: [{ containerPort: 9000 }] }],
    });
    expect(host.ports[0].hostPort).toBe(9000);
  });

  it('names the closest matching instance when memory runs out, and ignores DRAINING instances', () => {
    const big = bridge(0, 5000);
    expect(placeMany(three, 1, { demand: big, group }).failure).toBe(
      'The closest matching (container-instance ci0) has insufficient memory available.',
    );
    const draining = [instance(0, { status: 'DRAINING' }), instance(1)];
    expect(placeMany(draining, 2, { demand: bridge(), group }).placed.map((p) => p.instance)).toEqual([
      'ci1',
      'ci1',
    ]);
    expect(placeMany([instance(0, { status: 'DRAINING' })], 1, { demand: bridge(), group }).failure).toBe(
      'Reason: No Container Instances were found in your cluster.',
    );
  });

  it('never overcommits an instance or reuses a host port on it (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ memory: fc.integer({ min: 64, max: 3000 }), hostPort: fc.constantFrom(0, 0, 80, 443) }),
          { minLength: 1, maxLength: 25 },
        ),
        fc.constantFrom<PlacementRequest['strategy']>(
          undefined,
          [{ type: 'binpack', field: 'memory' }],
          [{ type: 'random' }],
        ),
        (tasks, strategy) => {
          const usage = new Map<string, InstanceUsage>();
          for (const task of tasks) {
            const demand = bridge(task.hostPort, task.memory);
            const result = place(three, usage, { demand, group, strategy, pick: (n) => n - 1 });
            if (!result.placed) continue;
            const entry = usage.get(result.instance.arn) ?? {
              cpu: 0,
              memory: 0,
              ports: new Set(),
              groups: new Map(),
            };
            for (const binding of result.networkBindings) {
              expect(entry.ports.has(binding.hostPort)).toBe(false);
              expect(
                binding.hostPort === 80 ||
                  binding.hostPort === 443 ||
                  binding.hostPort >= DYNAMIC_PORT_RANGE.first,
              ).toBe(true);
              entry.ports.add(binding.hostPort);
            }
            entry.memory += demand.memory;
            entry.cpu += demand.cpu;
            expect(entry.memory).toBeLessThanOrEqual(result.instance.memory);
            usage.set(result.instance.arn, entry);
          }
        },
      ),
    );
  });
});
