/** The kit's last word when it cannot restore a service itself: the one command that does. */
import { shortArn } from '../arn.js';

/** `aws ecs update-service --cluster C --service S --task-definition FAMILY:REV`. */
export function restoreCommand(cluster: string, service: string, taskDefinitionArn: string): string {
  return `aws ecs update-service --cluster ${cluster} --service ${service} --task-definition ${shortArn(taskDefinitionArn)}`;
}
