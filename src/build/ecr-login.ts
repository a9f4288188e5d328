/** `docker login` to the account's ECR registry: a build pushes through it, a promotion copies through it. */
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { Logger } from '../logger.js';
import { registryCredentials } from '../registry/login.js';
import { dockerLogin, type DockerRunner } from './docker.js';

/** What a login needs. */
export interface EcrLoginOptions {
  ecr: ECRClient;
  docker: DockerRunner;
  logger: Logger;
  /** Called after a successful docker login, so the post step can log out. */
  onLogin?: (registry: string) => void;
}

/**
 * Logs docker in to the registry ECR's token names and returns its host. The password and the token are
 * masked before docker runs, so neither can reach the log.
 */
export async function loginToEcr(options: EcrLoginOptions): Promise<string> {
  const credentials = await registryCredentials(options.ecr);
  options.logger.secret(credentials.password);
  options.logger.secret(credentials.token);
  await dockerLogin(options.docker, credentials);
  options.onLogin?.(credentials.registry);
  return credentials.registry;
}
