/**
 * Calls an action's code can make that no integration test can exercise on the simulator, each with the
 * reason and the modes that can make it. The generator adds them to the policy (source "not observed");
 * the check fails when one is observed after all (remove it here) or the code no longer makes it.
 */

/** One call the suites cannot observe. */
export interface UnobservedCall {
  action: string;
  modes: string[];
  reason: string;
}

const CONTAINER_INSTANCES =
  'EC2 capacity: targets of `instance` type are found through their container instance; the simulator models no container instances';

/** Action name → its unobservable calls. */
export const UNOBSERVED: Record<string, UnobservedCall[]> = {
  'ecs-deploy': [
    { action: 'ecs:DescribeContainerInstances', modes: ['deploy', 'rollback'], reason: CONTAINER_INSTANCES },
  ],
  'wait-healthy': [
    {
      action: 'ecs:DescribeContainerInstances',
      modes: ['blue-green', 'native', 'rolling'],
      reason: CONTAINER_INSTANCES,
    },
  ],
  preview: [{ action: 'ecs:DescribeContainerInstances', modes: ['deploy'], reason: CONTAINER_INSTANCES }],
};
