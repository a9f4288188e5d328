/** The target ECR repository: found, or created with the requested settings when allowed. */
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  type ECRClient,
  type Repository,
} from '@aws-sdk/client-ecr';
import { awsErrorName, wrapError } from '../errors.js';

/** Settings a repository is created with. */
export interface RepositorySettings {
  repositoryName: string;
  /** Create the repository when it does not exist (else: an error). */
  create: boolean;
  scanOnPush: boolean;
  imageTagMutability: 'MUTABLE' | 'IMMUTABLE';
  encryptionType: 'AES256' | 'KMS';
  kmsKey?: string;
  /** Tags for a created repository (provenance). */
  tags?: Record<string, string>;
}

/** The repository an image goes to. */
export interface TargetRepository {
  repositoryName: string;
  repositoryUri: string;
  registryId: string;
  imageTagMutability: string;
  /** True when this run created it. */
  created: boolean;
}

function target(repository: Repository, created: boolean): TargetRepository {
  if (!repository.repositoryName || !repository.repositoryUri || !repository.registryId) {
    throw new Error('ECR returned a repository without name, URI or registry id');
  }
  return {
    repositoryName: repository.repositoryName,
    repositoryUri: repository.repositoryUri,
    registryId: repository.registryId,
    imageTagMutability: repository.imageTagMutability ?? 'MUTABLE',
    created,
  };
}

/** Finds a repository, or undefined when ECR says it does not exist. */
export async function describeRepository(
  ecr: ECRClient,
  repositoryName: string,
  registryId?: string,
): Promise<Repository | undefined> {
  try {
    const response = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: [repositoryName], registryId }),
    );
    return response.repositories?.[0];
  } catch (error) {
    if (awsErrorName(error) === 'RepositoryNotFoundException') return undefined;
    throw wrapError(`describing repository ${repositoryName}`, error);
  }
}

/** The repository, created first when it is missing and `create` is set. */
export async function ensureRepository(
  ecr: ECRClient,
  settings: RepositorySettings,
): Promise<TargetRepository> {
  const existing = await describeRepository(ecr, settings.repositoryName);
  if (existing) return target(existing, false);
  if (!settings.create) {
    throw new Error(
      `repository ${settings.repositoryName} does not exist: create it or set create-repository: true`,
    );
  }
  try {
    const response = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: settings.repositoryName,
        imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
        imageTagMutability: settings.imageTagMutability,
        encryptionConfiguration: { encryptionType: settings.encryptionType, kmsKey: settings.kmsKey },
        tags: Object.entries(settings.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    if (!response.repository) throw new Error('the response holds no repository');
    return target(response.repository, true);
  } catch (error) {
    // Another job created it between our describe and create: use theirs.
    if (awsErrorName(error) === 'RepositoryAlreadyExistsException') {
      const raced = await describeRepository(ecr, settings.repositoryName);
      if (raced) return target(raced, false);
    }
    throw wrapError(`creating repository ${settings.repositoryName}`, error);
  }
}
