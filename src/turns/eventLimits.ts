/** How deep and how large one event may be before it is put aside rather than queued. */
export const EVENT_LIMITS = {
  /** Levels of nesting, the event object itself being the first. LINE's events use under ten. */
  maxDepth: 64,
  /** Bytes of the event as JSON (UTF-8). LINE's events are a few kilobytes at most. */
  maxBytes: 64 * 1024,
} as const;

export type EventLimits = { maxDepth: number; maxBytes: number };

/**
 * Whether one parsed event is within `limits`: 'too_deep' or 'too_large' when not. Depth is
 * measured with an explicit stack, never recursion, so a hostile event nested thousands deep
 * (which `JSON.parse` takes but `JSON.stringify` overflows on) is measured safely; size only
 * once the depth is known to be safe to serialise.
 */
export function eventOverLimits(
  event: unknown,
  limits: EventLimits = EVENT_LIMITS,
): 'too_deep' | 'too_large' | undefined {
  if (jsonDepthOver(event, limits.maxDepth)) return 'too_deep';
  const json = JSON.stringify(event) ?? '';
  return Buffer.byteLength(json, 'utf8') > limits.maxBytes ? 'too_large' : undefined;
}

/** True when `value` nests objects or arrays more than `maxDepth` levels deep. */
export function jsonDepthOver(value: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [current, depth] = item;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
