import { hostname } from 'node:os';

/**
 * This process among the service's instances, as logs and staff-push reports name it:
 * `hostname:pid` (a container's hostname is its id, so the pair is unique in a deployment).
 */
export function instanceId(): string {
  return `${hostname()}:${process.pid}`;
}
