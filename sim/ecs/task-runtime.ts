/**
 * Where tasks run, as the ECS model sees it: how a container image behaves, and (with the data plane on)
 * real HTTP servers started and stopped with the task. Without a data plane start and stop do nothing.
 */
import type { ImageBehaviour } from '../behaviour.js';
import type { TaskRecord } from './records.js';

/** How the ECS model hears about a container that exits on its own (crash after N requests). */
export interface TaskHooks {
  exit(containerName: string, exitCode: number): void;
}

/** The runtime under the ECS model's tasks. */
export interface TaskRuntime {
  /** The behaviour registered for a container image (healthy when none is). */
  behaviourOf(image: string): ImageBehaviour;
  /** The task is RUNNING: serve its containers. */
  startTask(task: TaskRecord, hooks: TaskHooks): void;
  /**
   * Why pulling the image fails (`CannotPullContainerError: ...`), or undefined when it can be pulled
   * (always, unless the world checks pulls: WorldSeed.pullImages).
   */
  pullFailure(image: string): string | undefined;
  /** The task stopped: stop serving it. */
  stopTask(taskArn: string): void;
}
