/** The task definition shapes the kit works with, in the ECS API's own terms. */
import type { ContainerDefinition, RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';

/** A RegisterTaskDefinition request: what a task definition file holds once read-only fields are gone. */
export type TaskDefinitionInput = RegisterTaskDefinitionCommandInput;

/** One container of a task definition. */
export type ContainerDefinitionInput = ContainerDefinition;

/** A task definition as DescribeTaskDefinition returns it (read-only fields included). */
export type RegisteredTaskDefinition = TaskDefinitionInput & {
  taskDefinitionArn?: string;
  revision?: number;
  status?: string;
};
