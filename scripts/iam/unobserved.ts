/**
 * Calls an action's code can make that no integration test exercises (the simulator cannot, or no test
 * covers the path yet), each with the reason and the modes that can make it. The generator adds them to
 * the policy (source "not observed"); the check fails when one is observed after all (remove it here) or
 * the code no longer makes it.
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
  'ecs-deploy': [],
  'wait-healthy': [
    {
      action: 'ecs:DescribeContainerInstances',
      modes: ['blue-green', 'native', 'rolling'],
      reason: CONTAINER_INSTANCES,
    },
  ],
  preview: [
    { action: 'ecs:DescribeContainerInstances', modes: ['deploy'], reason: CONTAINER_INSTANCES },
    {
      action: 'ecr:BatchGetImage',
      modes: ['sweep', 'teardown'],
      reason:
        'deleting preview images that are multi-platform indexes (reads their manifests); no integration test pushes one yet',
    },
    {
      action: 'elasticloadbalancing:ModifyRule',
      modes: ['deploy'],
      reason:
        "re-deploying a preview whose listener rule no longer matches; no integration test changes a preview's rule yet",
    },
  ],
};
