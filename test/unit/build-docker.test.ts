/**
 * The docker runner: a docker that exits without reading its stdin (a login helper that fails early, a
 * build that needs no input) must end the command with its exit code, not crash the action with EPIPE.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { dockerCli } from '../../src/build/docker.js';

const scratch = mkdtempSync(join(tmpdir(), 'ecs-kit-docker-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function executable(name: string, script: string): string {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

test('a docker that exits at once without reading its stdin reports its exit code', async () => {
  const docker = dockerCli(executable('closes-stdin', 'exec 0<&-; echo "no login for you" >&2; exit 3'));
  // Far more than a pipe buffer: the write is still going when the child has closed its end.
  const result = await docker.run(['login', '--password-stdin'], { stdin: 'x'.repeat(4 << 20), quiet: true });
  expect(result).toMatchObject({ code: 3, stderr: 'no login for you\n' });
});

test('stdin reaches a docker that reads it', async () => {
  const docker = dockerCli(executable('reads-stdin', 'cat'));
  const result = await docker.run(['login'], { stdin: 'secret', quiet: true });
  expect(result).toEqual({ code: 0, stdout: 'secret', stderr: '' });
});
