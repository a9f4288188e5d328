/**
 * The settings a repository build-push creates may take (RepositorySettings in
 * src/registry/repository.ts). They live here, not there, because that module loads the ECR client
 * and the action's input validation must stay light.
 */

/** ECR's image tag mutability settings. */
export const IMAGE_TAG_MUTABILITIES = ['MUTABLE', 'IMMUTABLE'] as const;
/** One of IMAGE_TAG_MUTABILITIES. */
export type ImageTagMutability = (typeof IMAGE_TAG_MUTABILITIES)[number];

/** ECR's encryption types. */
export const ENCRYPTION_TYPES = ['AES256', 'KMS'] as const;
/** One of ENCRYPTION_TYPES. */
export type EncryptionType = (typeof ENCRYPTION_TYPES)[number];
