/**
 * Running the docker CLI. Output streams to the step log as it comes (builds are long); secrets reach
 * docker through stdin or the environment, never the argv.
 */
import { spawn } from 'node:child_process';

/** How one docker command runs. */
export interface DockerRunOptions {
  /** Written to stdin, then closed (`docker login --password-stdin`). */
  stdin?: string;
  /** Extra environment variables (build secrets). */
  env?: Record<string, string>;
  cwd?: string;
  /** Capture output without echoing it to the log. */
  quiet?: boolean;
  signal?: AbortSignal;
}

/** What a docker command left. */
export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs docker commands; the build step takes one so tests can substitute their own executable. */
export interface DockerRunner {
  run(args: readonly string[], options?: DockerRunOptions): Promise<DockerResult>;
}

/** A runner for the `docker` executable found on PATH (or another one). */
export function dockerCli(executable = 'docker'): DockerRunner {
  return {
    run: (args, options = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn(executable, [...args], {
          cwd: options.cwd,
          env: { ...process.env, ...options.env },
          stdio: ['pipe', 'pipe', 'pipe'],
          signal: options.signal,
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (!options.quiet) process.stdout.write(chunk);
        });
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (!options.quiet) process.stderr.write(chunk);
        });
        child.on('error', (error) => {
          // A cancelled run kills docker through the signal: report the cancellation, not a spawn failure.
          if (options.signal?.aborted) reject(options.signal.reason);
          else reject(new Error(`cannot run ${executable}: ${error.message}`, { cause: error }));
        });
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
        // A docker that exits without reading its stdin closes the pipe (EPIPE on our end): its exit code
        // and stderr already say how it went, so the write error must not crash the action.
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.stdin ?? '');
      }),
  };
}

/** Runs a command and throws `<what> failed (exit N): <last stderr lines>` when it fails. */
export async function runChecked(
  docker: DockerRunner,
  args: readonly string[],
  options: DockerRunOptions & { what: string },
): Promise<DockerResult> {
  const { what, ...runOptions } = options;
  const result = await docker.run(args, runOptions);
  if (result.code !== 0) {
    const reason = result.stderr.trim().split('\n').slice(-3).join(' ').trim() || 'no error output';
    throw new Error(`${what} failed (exit ${result.code}): ${reason}`);
  }
  return result;
}

/** `docker login` to a registry with the password on stdin. */
export async function dockerLogin(
  docker: DockerRunner,
  credentials: { registry: string; username: string; password: string },
): Promise<void> {
  await runChecked(
    docker,
    ['login', '--username', credentials.username, '--password-stdin', credentials.registry],
    {
      what: `docker login ${credentials.registry}`,
      stdin: credentials.password,
      quiet: true,
    },
  );
}

/** `docker logout` from a registry. */
export async function dockerLogout(docker: DockerRunner, registry: string): Promise<void> {
  await runChecked(docker, ['logout', registry], { what: `docker logout ${registry}`, quiet: true });
}
