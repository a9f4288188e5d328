/**
 * The few runner interactions an action needs before @actions/core is loaded: reading an input, writing
 * a workflow command and saving state for the post step. The start-up path (read and validate inputs,
 * fail on bad ones) uses these, so a bad input fails the step in about the time node itself takes to
 * start. The step log (log.ts) is built on them too; outputs, the summary and annotations use
 * @actions/core, loaded when first needed.
 *
 * All follow the runner's documented conventions: input `foo bar` arrives as the environment variable
 * `INPUT_FOO BAR` with spaces turned into `_`, and a command is `::name::data` on a line of its own with
 * `%`, CR and LF in the data percent-encoded.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/** The raw input as the runner passed it, trimmed ('' when unset). */
export function rawInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Writes `::command::message` to stdout. */
export function issueCommand(
  command: 'error' | 'warning' | 'add-mask' | 'debug' | 'group' | 'endgroup',
  message: string,
): void {
  process.stdout.write(`::${command}::${escapeData(message)}${EOL}`);
}

/**
 * An error annotation on a file position (`::error file=...,line=...,col=...::message`), so the run's
 * summary and the pull request's diff show it on the line to fix.
 */
export function annotateFile(message: string, at: { file: string; line: number; col: number }): void {
  const property = (value: string) => escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
  process.stdout.write(
    `::error file=${property(at.file)},line=${at.line},col=${at.col}::${escapeData(message)}${EOL}`,
  );
}

/** Fails the step with an error annotation, as `core.setFailed` does. */
export function failStep(message: string): void {
  process.exitCode = 1;
  issueCommand('error', message);
}

/** Masks a value in the rest of the job's log, as `core.setSecret` does. */
export function maskValue(value: string): void {
  issueCommand('add-mask', value);
}

/**
 * Saves state for the post step (`STATE_<name>` there), as `core.saveState` does: a `name<<delimiter`
 * block appended to the file GITHUB_STATE names. Without that file (not on a runner) it does nothing.
 */
export function saveState(name: string, value: string): void {
  const file = process.env.GITHUB_STATE;
  if (!file) return;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`);
}
