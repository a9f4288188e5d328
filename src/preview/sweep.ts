/**
 * sweepPreviews: every preview of the template (service or rule) whose pull request is closed, or whose
 * last deployment is older than the TTL, is torn down with teardownPreview.
 */
import { errorMessage } from '../errors.js';
import { listPreviewServices } from './ecs-previews.js';
import { listListenerRules, previewRules } from './elb-rules.js';
import { teardownPreview } from './teardown.js';
import type { PreviewInventoryEntry, PreviewTeardown, TeardownPreviewOptions } from './types.js';

/** Options of sweepPreviews. */
export interface SweepOptions extends Omit<TeardownPreviewOptions, 'pullRequest'> {
  /** Tear down previews last deployed longer ago than this (clock ms); undefined: no TTL. */
  ttlMs?: number;
  /** Whether a pull request is still open; undefined when unknown (then only the TTL decides). */
  isOpen?: (pullRequest: number) => Promise<boolean | undefined>;
}

/** One preview and the sweep's verdict on it. */
export interface SweepDecision {
  preview: PreviewInventoryEntry;
  remove: boolean;
  reason: string;
}

/** Decides one preview (pure). */
export function sweepDecision(options: {
  preview: PreviewInventoryEntry;
  open: boolean | undefined;
  now: number;
  ttlMs?: number;
}): SweepDecision {
  const { preview, open, now, ttlMs } = options;
  if (open === false) return { preview, remove: true, reason: 'pull request closed' };
  if (ttlMs !== undefined && preview.deployedAt !== undefined && now - preview.deployedAt > ttlMs) {
    const days = ((now - preview.deployedAt) / 86_400_000).toFixed(1);
    return { preview, remove: true, reason: `last deployed ${days} days ago, older than the TTL` };
  }
  return { preview, remove: false, reason: open ? 'pull request open' : 'pull request state unknown' };
}

/** The template's previews: services and (possibly orphaned) rules, by pull request. */
export async function listPreviews(options: SweepOptions): Promise<PreviewInventoryEntry[]> {
  const { ecs, elb } = options.clients;
  const entries = new Map<number, PreviewInventoryEntry>();
  for (const preview of await listPreviewServices(ecs, options.cluster, options.templateService)) {
    entries.set(preview.pullRequest, {
      pullRequest: preview.pullRequest,
      service: preview.service.serviceName,
      deployedAt: preview.deployedAt,
    });
  }
  const rules = previewRules(await listListenerRules(elb, options.listenerArn), options.templateService);
  for (const [pullRequest, rule] of rules) {
    entries.set(pullRequest, { pullRequest, ...entries.get(pullRequest), ruleArn: rule.ruleArn });
  }
  return [...entries.values()].sort((a, b) => a.pullRequest - b.pullRequest);
}

/** Sweeps; a failed teardown is logged and the sweep goes on with the next preview. */
export async function sweepPreviews(
  options: SweepOptions,
): Promise<{ decisions: SweepDecision[]; removed: PreviewTeardown[]; failed: number[] }> {
  const previews = await options.logger.group('Find previews', () => listPreviews(options));
  const decisions: SweepDecision[] = [];
  for (const preview of previews) {
    const open = options.isOpen ? await options.isOpen(preview.pullRequest) : undefined;
    const decision = sweepDecision({ preview, open, now: options.clock.now(), ttlMs: options.ttlMs });
    options.logger.info(
      `pr-${preview.pullRequest}: ${decision.remove ? 'remove' : 'keep'} (${decision.reason})`,
    );
    decisions.push(decision);
  }
  const removed: PreviewTeardown[] = [];
  const failed: number[] = [];
  for (const decision of decisions.filter((entry) => entry.remove)) {
    try {
      removed.push(await teardownPreview({ ...options, pullRequest: decision.preview.pullRequest }));
    } catch (error) {
      failed.push(decision.preview.pullRequest);
      options.logger.warning(`tearing down pr-${decision.preview.pullRequest}: ${errorMessage(error)}`);
    }
  }
  return { decisions, removed, failed };
}
