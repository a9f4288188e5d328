/**
 * Names and tags of a pull request's preview resources. Everything the preview action creates carries
 * `ecs-kit:preview=pr-<n>` and `ecs-kit:preview-of=<template service>`, which is how teardown and sweep
 * find it again; names are derived so that a re-run finds the same resources.
 */
import { createHash } from 'node:crypto';

/** The tag every preview resource carries: `pr-<n>`. */
export const PREVIEW_TAG = 'ecs-kit:preview';
/** The template service a preview was made from. */
export const PREVIEW_OF_TAG = 'ecs-kit:preview-of';
/** ISO 8601 time of the preview's last deployment (on the service), for the sweep's TTL. */
export const PREVIEW_DEPLOYED_AT_TAG = 'ecs-kit:preview-deployed-at';

/** A key/value tag (ECS spells them key/value, ELBv2 Key/Value). */
export interface PreviewTag {
  key: string;
  value: string;
}

/** `pr-<n>`: the preview's label, its environment name and its tag value. */
export function previewLabel(pullRequest: number): string {
  return `pr-${pullRequest}`;
}

/** The preview service: `<template>-pr-<n>`. */
export function previewServiceName(template: string, pullRequest: number): string {
  return `${template}-${previewLabel(pullRequest)}`;
}

/** The preview's task definition family: `<template family>-pr-<n>` (the template's family stays untouched). */
export function previewFamily(templateFamily: string, pullRequest: number): string {
  return `${templateFamily}-${previewLabel(pullRequest)}`.slice(0, 255);
}

const TARGET_GROUP_MAX = 32;

/**
 * The preview's target group name: at most 32 letters, digits and hyphens. When the template's name does
 * not fit, a short hash of it keeps previews of two long, similar template names apart.
 */
export function previewTargetGroupName(template: string, pullRequest: number): string {
  const suffix = `-${previewLabel(pullRequest)}`;
  const clean = template.replace(/[^A-Za-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'svc';
  if (clean.length + suffix.length <= TARGET_GROUP_MAX && !clean.startsWith('internal-'))
    return `${clean}${suffix}`;
  const hash = createHash('sha256').update(template).digest('hex').slice(0, 6);
  const room = TARGET_GROUP_MAX - suffix.length - hash.length - 1;
  const head = clean
    .replace(/^internal-/, 'int-')
    .slice(0, room)
    .replace(/-+$/, '');
  return `${head}-${hash}${suffix}`;
}

/** The tags of every resource of one preview. */
export function previewTags(template: string, pullRequest: number): PreviewTag[] {
  return [
    { key: PREVIEW_TAG, value: previewLabel(pullRequest) },
    { key: PREVIEW_OF_TAG, value: template },
  ];
}

/** The pull request number a set of tags belongs to when they mark a preview of `template`. */
export function previewNumberOf(tags: readonly PreviewTag[], template: string): number | undefined {
  const of = tags.find((tag) => tag.key === PREVIEW_OF_TAG)?.value;
  const label = tags.find((tag) => tag.key === PREVIEW_TAG)?.value;
  const match = label === undefined ? null : /^pr-(\d+)$/.exec(label);
  return of === template && match ? Number(match[1]) : undefined;
}
