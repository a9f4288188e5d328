/** wait-healthy's summary of several services: one heading, the failing service first and named, a row each. */
import { expect, test } from '@jest/globals';
import { servicesWaitSummaryMarkdown, type ServiceWait } from '../../src/health/services-summary.js';

function wait(service: string, healthyAfterMs: number | undefined): ServiceWait {
  return {
    service,
    report: {
      strategy: 'rolling',
      verdict:
        healthyAfterMs === undefined
          ? { status: 'unhealthy', reason: `${service} targets unhealthy`, healthyTargets: 0, samples: [] }
          : {
              status: 'healthy',
              reason: '2/2 new tasks healthy',
              healthyTargets: 2,
              timeToHealthyMs: healthyAfterMs,
              deploymentId: `ecs-svc/${service.length}`,
              samples: [],
            },
      rolledBack: false,
      events: [],
      leftState: healthyAfterMs === undefined ? `${service} keeps its deployment` : undefined,
    },
  };
}

test('every service healthy: one heading with the count, the slowest named, a linked row per service', () => {
  const markdown = servicesWaitSummaryMarkdown([wait('api', 12_000), wait('worker', 30_000)], {
    region: 'eu-west-1',
    cluster: 'prod',
  });
  expect(markdown.match(/^## /gm)).toEqual(['## ']);
  expect(markdown).toMatch(/^## ✅ wait-healthy \(rolling\): healthy, 2 services\n/);
  expect(markdown).toContain('- **slowest to healthy**: `worker` in 30.0 s');
  expect(markdown).toContain('- **healthy targets**: 4');
  expect(markdown).toMatch(
    /\| \[`api`\]\(https:\/\/eu-west-1\.console[^)]*\/services\/api\/deployments[^)]*\)<br><sub>ecs-svc\/3<\/sub> \| healthy \| 12\.0\u00a0s \| 2 \|/,
  );
});

test('a failing service heads the table and the summary, with what it left behind', () => {
  const markdown = servicesWaitSummaryMarkdown([
    wait('api', 12_000),
    wait('worker', undefined),
    wait('web', 9000),
  ]);
  expect(markdown).toMatch(/^## ❌ wait-healthy \(rolling\): unhealthy, 1 of 3 services not healthy\n/);
  expect(markdown).toContain('> **`worker`: worker targets unhealthy**');
  const rows = markdown.split('\n').filter((line) => /^\| `/.test(line));
  expect(rows.map((row) => /^\| `([^`]+)`/.exec(row)![1])).toEqual(['worker', 'api', 'web']);
  expect(markdown).toContain('### Left behind\n\n- `worker`: worker keeps its deployment');
  expect(markdown).not.toContain('slowest to healthy');
});
