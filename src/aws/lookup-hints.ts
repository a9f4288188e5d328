/**
 * What to tell a user whose cluster or service does not exist: the region looked in and up to ten names
 * that do exist there, with the nearest as a "did you mean". The listing is a courtesy: when it fails
 * (no ecs:ListClusters or ecs:ListServices permission), the plain message stands.
 */
import { ListClustersCommand, ListServicesCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { nearestNames } from '../validation/nearest.js';

/** Names shown at most. */
const SHOWN = 10;
/** Names read to find the nearest (one page of ListServices / ListClusters). */
const READ = 100;

const nameOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

function existing(kind: string, where: string, typed: string[], names: string[]): string {
  if (names.length === 0) return `; there are no ${kind}s ${where}`;
  const nearest = typed.flatMap((name) => nearestNames(name, names, 1));
  const hint =
    nearest.length > 0 ? ` (did you mean ${[...new Set(nearest)].map((n) => `'${n}'`).join(', ')}?)` : '';
  const shown = names.slice(0, SHOWN).join(', ');
  const more = names.length > SHOWN ? ` and ${names.length - SHOWN} more` : '';
  return `${hint}; ${kind}s ${where}: ${shown}${more}`;
}

/** `cluster '<name>' not found in <region>` plus the clusters that exist there. */
export async function unknownClusterMessage(ecs: ECSClient, cluster: string): Promise<string> {
  const region = await ecs.config.region().catch(() => undefined);
  const base = `cluster '${cluster}' not found${region ? ` in ${region}` : ''}`;
  try {
    const response = await ecs.send(new ListClustersCommand({ maxResults: READ }));
    const names = (response.clusterArns ?? []).map(nameOf).sort();
    return base + existing('cluster', region ? `in ${region}` : 'in this region', [nameOf(cluster)], names);
  } catch {
    return base;
  }
}

/** `service(s) ... not found in cluster '<name>'` plus the services of that cluster. */
export async function unknownServicesMessage(
  ecs: ECSClient,
  cluster: string,
  missing: string[],
): Promise<string> {
  const base = `service${missing.length > 1 ? 's' : ''} ${missing.map((name) => `'${name}'`).join(', ')} not found in cluster '${cluster}'`;
  try {
    const response = await ecs.send(new ListServicesCommand({ cluster, maxResults: READ }));
    const names = (response.serviceArns ?? []).map(nameOf).sort();
    return base + existing('service', 'in the cluster', missing.map(nameOf), names);
  } catch {
    return base;
  }
}
