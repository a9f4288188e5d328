/** Resolving a revision the user names for rollback mode (the candidates rule is rollback-candidates.ts). */

/** Resolves `rollback-to` (a revision number, family:revision or ARN) against the service's family. */
export function resolveRollbackTo(rollbackTo: string, currentTaskDefinitionArn: string): string {
  if (/^\d+$/.test(rollbackTo)) {
    const arn = currentTaskDefinitionArn.replace(/:\d+$/, `:${rollbackTo}`);
    return arn;
  }
  return rollbackTo;
}
