/** The simulator's command line (`npm run sim -- ...`) as a process: help, bad options, and --region. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { expect, it } from '@jest/globals';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** Starts `tsx sim/cli.ts <args>`; resolves with the process once it exits or prints its endpoint. */
function startCli(args: string[]) {
  const child = spawn(tsx, ['sim/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = startCli(args);
  const code = await cli.exited;
  return { code, ...cli.output() };
}

it('prints the usage and exits 0 with --help', async () => {
  const { code, stdout, stderr } = await run(['--help']);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^usage: npm run sim -- \[options\]/);
  expect(stdout).toContain('--region R');
  expect(stderr).not.toMatch(/at .*\.ts:\d+/);
});

it('answers an unknown option with a one-line error and the usage, exit 2', async () => {
  const { code, stdout, stderr } = await run(['--bogus']);
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr.split('\n')[0]).toBe("sim: unknown option '--bogus'");
  expect(stderr).toContain('usage: npm run sim --');
  expect(stderr).not.toMatch(/at .*\.ts:\d+/);
});

it('answers a bad value the same way', async () => {
  const { code, stderr } = await run(['--port', 'eighty']);
  expect(code).toBe(2);
  expect(stderr.split('\n')[0]).toBe("sim: --port must be an integer from 0 to 65535, got 'eighty'");
});

it('serves ARNs in the region given with --region', async () => {
  const cli = startCli(['--region', 'eu-west-1']);
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      cli.child.stdout.on('data', () => {
        const match = /AWS_ENDPOINT_URL=(\S+)/.exec(cli.output().stdout);
        if (match) resolve(match[1]);
      });
      void cli.exited.then((code) => reject(new Error(`cli exited ${code}: ${cli.output().stderr}`)));
    });
    const ecr = new ECRClient({
      endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const created = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'shop' }));
    ecr.destroy();
    expect(created.repository?.repositoryArn).toBe('arn:aws:ecr:eu-west-1:123456789012:repository/shop');
    expect(created.repository?.repositoryUri).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop');
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
});
