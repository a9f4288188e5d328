/**
 * The reference for bench/cold-start.ts: the smallest action that could do ecs-deploy's first step, written
 * the usual way (@actions/core and the ECS client imported at the top, one ncc bundle, not minified).
 * Its start-up cost is what any action with these two libraries pays, measured in the same run as ours.
 */
import * as core from '@actions/core';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';

try {
  const cluster = core.getInput('cluster', { required: true });
  const service = core.getInput('service', { required: true });
  const ecs = new ECSClient({});
  const described = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  core.setOutput('task-definition', described.services?.[0]?.taskDefinition ?? '');
} catch (error) {
  core.setFailed(error instanceof Error ? error.message : String(error));
}
