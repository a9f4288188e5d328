/**
 * action.yml validated against a JSON Schema of GitHub's action metadata that accepts `using: node24`
 * (@action-validator/cli rejects node24 today, so the kit carries its own schema: action.schema.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { errorMessage } from '../../../src/errors.js';
import type { Finding } from './model.js';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'action.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Schema violations of one action.yml text. */
export function checkActionMetadata(text: string, path: string): Finding[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return [{ path, where: 'file', message: `yaml syntax error: ${errorMessage(error).split('\n')[0]}` }];
  }
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => ({
    path,
    where: error.instancePath === '' ? '(root)' : error.instancePath,
    message: `${error.message ?? 'invalid'}${error.params && 'allowedValues' in error.params ? ` (${String(error.params.allowedValues)})` : ''}`,
  }));
}
