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

const GATE_WITHOUT_DEPLOYMENT_ID =
  'the health gate checks ListServiceDeployments for an ECS rollback only when it gates the PRIMARY deployment without a deployment id; this action always passes the id of the deployment it started';

const ROLLBACK_CANDIDATES_IN_PREVIEW =
  "the deploy engine preview shares carries rollback mode's candidate reads (ECS's record of successful deployments); preview never runs rollback mode";

/** Action name → its unobservable calls. */
export const UNOBSERVED: Record<string, UnobservedCall[]> = {
  'ecs-deploy': [
    { action: 'ecs:DescribeContainerInstances', modes: ['deploy', 'rollback'], reason: CONTAINER_INSTANCES },
    // Rollback mode lists service deployments for its rollback candidates (observed); deploy mode only here.
    { action: 'ecs:ListServiceDeployments', modes: ['deploy'], reason: GATE_WITHOUT_DEPLOYMENT_ID },
  ],
  'wait-healthy': [
    {
      action: 'ecs:DescribeContainerInstances',
      modes: ['blue-green', 'native', 'rolling'],
      reason: CONTAINER_INSTANCES,
    },
  ],
  preview: [
    { action: 'ecs:DescribeContainerInstances', modes: ['deploy'], reason: CONTAINER_INSTANCES },
    { action: 'ecs:ListServiceDeployments', modes: ['deploy'], reason: GATE_WITHOUT_DEPLOYMENT_ID },
    { action: 'ecs:DescribeServiceRevisions', modes: ['deploy'], reason: ROLLBACK_CANDIDATES_IN_PREVIEW },
    { action: 'ecs:DescribeServiceDeployments', modes: ['deploy'], reason: ROLLBACK_CANDIDATES_IN_PREVIEW },
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
