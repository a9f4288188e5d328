/** Reading the build result buildx writes with `--metadata-file`. */
import { wrapError } from '../errors.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The image digest (`containerimage.digest`) from the metadata file's JSON text. */
export function digestFromMetadata(text: string): string {
  let metadata: unknown;
  try {
    metadata = JSON.parse(text);
  } catch (error) {
    throw wrapError('build metadata is not JSON', error);
  }
  const digest =
    metadata !== null && typeof metadata === 'object'
      ? (metadata as Record<string, unknown>)['containerimage.digest']
      : undefined;
  if (typeof digest !== 'string' || !DIGEST.test(digest)) {
    throw new Error(`build metadata has no containerimage.digest (got ${JSON.stringify(digest)})`);
  }
  return digest;
}
