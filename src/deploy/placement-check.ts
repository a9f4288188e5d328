/**
 * Bad input that only the cluster can reveal: a `memberOf` placement constraint (the service's or the
 * task definition's) that no ACTIVE container instance satisfies. ECS would accept the update and then
 * never place a task (`unable to place a task because no container instance met all of its
 * requirements`); the preflight asks the cluster first, with ListContainerInstances and the constraint's
 * own expression as its `filter`, and fails before any mutating call naming the constraint and where it
 * came from.
 */
import { ListContainerInstancesCommand, type ECSClient, type Service } from '@aws-sdk/client-ecs';
import type { TaskDefinitionInput } from '../taskdef/types.js';

/** One memberOf constraint a service's tasks must satisfy, and where it is written. */
export interface MemberOfConstraint {
  service: string;
  expression: string;
  /** `service web placementConstraints[0]` or `task definition shop-web placementConstraints[1]`. */
  source: string;
}

/** Capacity providers that are not EC2 capacity: a task there has no container instance to satisfy. */
const FARGATE_PROVIDERS = new Set(['FARGATE', 'FARGATE_SPOT']);

/** The service places its tasks on EC2 container instances (launch type or capacity providers). */
export function runsOnEc2(service: Service): boolean {
  if (service.launchType) return service.launchType === 'EC2';
  const strategy = service.capacityProviderStrategy ?? [];
  return strategy.some((item) => !FARGATE_PROVIDERS.has(item.capacityProvider ?? ''));
}

/** The memberOf constraints of EC2 services, from the service and from the revision it will run (pure). */
export function memberOfConstraints(
  deployments: { service: Service; rendered: TaskDefinitionInput }[],
): MemberOfConstraint[] {
  return deployments.flatMap(({ service, rendered }) => {
    if (!runsOnEc2(service)) return [];
    const name = service.serviceName ?? '';
    const of = (where: string, constraints: { type?: string; expression?: string }[] | undefined) =>
      (constraints ?? []).flatMap((constraint, index) =>
        constraint.type === 'memberOf' && constraint.expression
          ? [
              {
                service: name,
                expression: constraint.expression,
                source: `${where} placementConstraints[${index}]`,
              },
            ]
          : [],
      );
    return [
      ...of(`service ${name}`, service.placementConstraints),
      ...of(`task definition ${rendered.family ?? ''}`, rendered.placementConstraints),
    ];
  });
}

/** Whether at least one ACTIVE container instance of the cluster satisfies `expression`. */
async function anyInstanceSatisfies(ecs: ECSClient, cluster: string, expression: string): Promise<boolean> {
  const response = await ecs.send(
    new ListContainerInstancesCommand({ cluster, status: 'ACTIVE', filter: expression, maxResults: 1 }),
  );
  return (response.containerInstanceArns ?? []).length > 0;
}

/**
 * Checks every memberOf constraint of the services about to be updated; throws one error naming each that
 * no ACTIVE container instance satisfies. AWS errors (AccessDenied, an expression ECS rejects) propagate.
 */
export async function checkPlacementConstraints(
  ecs: ECSClient,
  cluster: string,
  deployments: { service: Service; rendered: TaskDefinitionInput }[],
): Promise<void> {
  const constraints = memberOfConstraints(deployments);
  const unique = [...new Set(constraints.map((constraint) => constraint.expression))];
  const satisfiable = new Map<string, boolean>();
  for (const expression of unique)
    satisfiable.set(expression, await anyInstanceSatisfies(ecs, cluster, expression));
  const unmet = constraints.filter((constraint) => !satisfiable.get(constraint.expression));
  if (unmet.length === 0) return;
  throw new Error(
    unmet
      .map(
        (constraint) =>
          `${constraint.source}: memberOf '${constraint.expression}' is satisfied by no ACTIVE container instance of cluster '${cluster}', so ECS could never place a task of ${constraint.service}`,
      )
      .join('; '),
  );
}
