/**
 * Every pinned third-party action runs on a runtime GitHub keeps: each `uses: owner/repo@<sha> # vX.Y.Z`
 * line is in the runtime table (.github/action-runtimes.json) with the same release, and no pin there is
 * node20. The version comment is read from the text because YAML parsing drops comments.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from './model.js';
import { isLocalReference } from './pinning.js';
import { kitPath } from './references.js';

/** One pinned action's release, runtime (`node24`, `node20`, `composite`) and the source of those facts. */
export interface ActionRuntime {
  version: string;
  runtime: 'node24' | 'node20' | 'composite';
  source: string;
}

/** `owner/repo[/path]@sha` → its runtime facts. */
export type RuntimeTable = Record<string, ActionRuntime>;

/** .github/action-runtimes.json. */
export function readRuntimeTable(root: string): RuntimeTable {
  const file = JSON.parse(readFileSync(join(root, '.github', 'action-runtimes.json'), 'utf8')) as {
    actions: RuntimeTable;
  };
  return file.actions;
}

const USES = /^\s*(?:-\s+)?uses:\s*(\S+)(?:\s+#\s*(\S+))?/;

/** Findings for the `uses:` lines of one workflow's text. */
export function checkRuntimes(text: string, path: string, table: RuntimeTable): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, index) => {
    const match = USES.exec(line);
    if (!match) return;
    const [, uses, comment] = match;
    if (isLocalReference(uses) || kitPath(uses) !== undefined || uses.startsWith('docker://')) return;
    const where = `line ${index + 1}`;
    const known = table[uses];
    if (!known) {
      findings.push({ path, where, message: `${uses} is not in .github/action-runtimes.json` });
      return;
    }
    if (known.runtime === 'node20') {
      findings.push({
        path,
        where,
        message: `${uses} (${known.version}) runs on node20, which runners drop`,
      });
    }
    if (comment !== known.version) {
      findings.push({
        path,
        where,
        message: `${uses} is commented ${comment ?? '(nothing)'}, the table records ${known.version}`,
      });
    }
  });
  return findings;
}
