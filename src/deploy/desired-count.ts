/**
 * The task count a deployment sets: one number for every service, or one per service (the config file's
 * `services[].desired-count`, which differ between services such as web and worker). A service the map
 * does not name keeps its count.
 */

/** One count for all services, or service name → count. */
export type DesiredCount = number | Readonly<Record<string, number>>;

/** The count to set on `service`, or undefined to keep its current one. */
export function desiredCountFor(desired: DesiredCount | undefined, service: string): number | undefined {
  if (desired === undefined || typeof desired === 'number') return desired;
  return Object.hasOwn(desired, service) ? desired[service] : undefined;
}
