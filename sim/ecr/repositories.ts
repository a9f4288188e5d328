/**
 * ECR registry and repository operations: GetAuthorizationToken, CreateRepository, DescribeRepositories,
 * DeleteRepository.
 */
import { SimError, invalidParameter } from '../errors.js';
import type { Handler } from '../protocol/handler.js';
import type { EcrStore } from './store.js';
import { decodeToken, encodeToken, readMaxResults } from './paging.js';
import { checkRepositoryName, type EcrRepository, type RepositorySettings } from './repository.js';

const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;
const MUTABILITY = ['MUTABLE', 'IMMUTABLE', 'MUTABLE_WITH_EXCLUSION', 'IMMUTABLE_WITH_EXCLUSION'] as const;
const ENCRYPTION = ['AES256', 'KMS', 'KMS_DSSE'];

/** The Repository shape of the API. */
export function describeRepository(repository: EcrRepository): Record<string, unknown> {
  const settings = repository.settings;
  return {
    repositoryArn: settings.arn,
    registryId: settings.registryId,
    repositoryName: settings.name,
    repositoryUri: settings.uri,
    createdAt: new Date(settings.createdAt),
    imageTagMutability: settings.imageTagMutability,
    ...(settings.exclusionFilters.length > 0
      ? { imageTagMutabilityExclusionFilters: settings.exclusionFilters }
      : {}),
    imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
    encryptionConfiguration: settings.encryption,
  };
}

function readMutability(params: {
  imageTagMutability?: unknown;
  imageTagMutabilityExclusionFilters?: unknown;
}): Pick<RepositorySettings, 'imageTagMutability' | 'exclusionFilters'> {
  const mutability = params.imageTagMutability ?? 'MUTABLE';
  if (!(MUTABILITY as readonly unknown[]).includes(mutability)) {
    throw invalidParameter(
      `Invalid parameter at 'imageTagMutability': expected one of ${MUTABILITY.join(', ')}`,
    );
  }
  const filters = params.imageTagMutabilityExclusionFilters ?? [];
  if (!Array.isArray(filters))
    throw invalidParameter("Invalid parameter at 'imageTagMutabilityExclusionFilters'");
  const exclusionFilters = filters.map((filter: { filterType?: unknown; filter?: unknown }) => {
    if (filter?.filterType !== 'WILDCARD' || typeof filter.filter !== 'string' || filter.filter === '') {
      throw invalidParameter(
        "Invalid parameter at 'imageTagMutabilityExclusionFilters': expected WILDCARD filters",
      );
    }
    return { filterType: 'WILDCARD' as const, filter: filter.filter };
  });
  const withExclusion = String(mutability).endsWith('_WITH_EXCLUSION');
  if (withExclusion !== exclusionFilters.length > 0) {
    throw invalidParameter(
      'imageTagMutabilityExclusionFilters are required with, and only with, *_WITH_EXCLUSION',
    );
  }
  return { imageTagMutability: mutability as RepositorySettings['imageTagMutability'], exclusionFilters };
}

function readEncryption(value: unknown): RepositorySettings['encryption'] {
  if (value === undefined || value === null) return { encryptionType: 'AES256' };
  const { encryptionType, kmsKey } = value as { encryptionType?: unknown; kmsKey?: unknown };
  if (typeof encryptionType !== 'string' || !ENCRYPTION.includes(encryptionType)) {
    throw invalidParameter(`Invalid parameter at 'encryptionType': expected one of ${ENCRYPTION.join(', ')}`);
  }
  if (kmsKey !== undefined && encryptionType === 'AES256') {
    throw invalidParameter('kmsKey can only be specified with the KMS or KMS_DSSE encryption type');
  }
  if (kmsKey !== undefined && typeof kmsKey !== 'string')
    throw invalidParameter("Invalid parameter at 'kmsKey'");
  // Without a key, ECR uses the AWS managed key aws/ecr.
  return encryptionType === 'AES256'
    ? { encryptionType }
    : { encryptionType, kmsKey: kmsKey ?? 'alias/aws/ecr' };
}

function readTags(value: unknown): { Key: string; Value: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new SimError('InvalidTagParameterException', 'tags must be a list');
  if (value.length > 50) throw new SimError('TooManyTagsException', 'a repository can have at most 50 tags');
  return value.map((tag: { Key?: unknown; Value?: unknown }) => {
    if (
      typeof tag?.Key !== 'string' ||
      tag.Key === '' ||
      tag.Key.length > 128 ||
      tag.Key.startsWith('aws:')
    ) {
      throw new SimError('InvalidTagParameterException', `invalid tag key '${String(tag?.Key)}'`);
    }
    if (typeof tag.Value !== 'string' || tag.Value.length > 256) {
      throw new SimError('InvalidTagParameterException', `invalid value for tag '${tag.Key}'`);
    }
    return { Key: tag.Key, Value: tag.Value };
  });
}

/** Handlers for the registry and repository operations. */
export function repositoryHandlers(model: EcrStore): Record<string, Handler> {
  const account = model.sim;
  return {
    GetAuthorizationToken: (_params, context) => {
      // The password is opaque to clients; a per-request value keeps it from looking reusable.
      const password = Buffer.from(`sim-${account.accountId}-${context.requestId}-${context.now}`).toString(
        'base64',
      );
      return {
        authorizationData: [
          {
            authorizationToken: Buffer.from(`AWS:${password}`, 'utf8').toString('base64'),
            expiresAt: new Date(context.now + TOKEN_LIFETIME_MS),
            proxyEndpoint: model.registryEndpoint ?? `https://${model.registryHost}`,
          },
        ],
      };
    },

    CreateRepository: (params, context) => {
      const name = checkRepositoryName(params.repositoryName);
      const scanning = params.imageScanningConfiguration as { scanOnPush?: unknown } | undefined;
      const repository = model.createRepository({
        name,
        createdAt: context.now,
        ...readMutability(params),
        scanOnPush: scanning?.scanOnPush === true,
        encryption: readEncryption(params.encryptionConfiguration),
        tags: readTags(params.tags),
      });
      return { repository: describeRepository(repository) };
    },

    DescribeRepositories: (params) => {
      if (params.repositoryNames !== undefined) {
        if (
          !Array.isArray(params.repositoryNames) ||
          params.repositoryNames.length < 1 ||
          params.repositoryNames.length > 100
        ) {
          throw invalidParameter("Invalid parameter at 'repositoryNames': expected 1 to 100 names");
        }
        if (params.maxResults !== undefined || params.nextToken !== undefined) {
          throw invalidParameter('maxResults and nextToken cannot be used together with repositoryNames');
        }
        return {
          repositories: (params.repositoryNames as unknown[]).map((name) =>
            describeRepository(model.repository(name)),
          ),
        };
      }
      const maxResults = readMaxResults(params.maxResults, 'DescribeRepositories');
      const after = decodeToken(params.nextToken, 'DescribeRepositories')?.seq ?? 0;
      // Repositories page in creation order, so a page boundary survives deletions.
      const all = [...model.repositories.values()].map((repository) => ({
        repository,
        seq: repository.settings.order,
      }));
      const remaining = all.filter((entry) => entry.seq > after);
      const page = remaining.slice(0, maxResults);
      const more = remaining.length > page.length;
      return {
        repositories: page.map((entry) => describeRepository(entry.repository)),
        nextToken: more
          ? encodeToken('DescribeRepositories', { seq: page[page.length - 1].seq, offset: 0 })
          : undefined,
      };
    },

    DeleteRepository: (params) => {
      const repository = model.repository(params.repositoryName);
      if (repository.size > 0 && params.force !== true) {
        throw new SimError(
          'RepositoryNotEmptyException',
          `The repository with name '${repository.settings.name}' in registry with id '${account.accountId}' cannot be deleted because it still contains images`,
        );
      }
      return { repository: describeRepository(model.deleteRepository(repository.settings.name)) };
    },
  };
}
