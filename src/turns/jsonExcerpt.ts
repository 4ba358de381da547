/** An open array or object while writing an excerpt, and how far into it the writer is. */
interface Frame {
  values: readonly unknown[];
  /** The keys of an object (same order as `values`); undefined for an array. */
  keys?: string[];
  index: number;
}

/**
 * The first `maxChars` characters of `value` as JSON (with `…` when cut), written with an
 * explicit stack and stopping as soon as enough is written: safe and cheap on an event nested
 * thousands deep or megabytes long, where `JSON.stringify` would overflow or do all the work.
 */
export function jsonExcerpt(value: unknown, maxChars: number): string {
  let out = '';
  const stack: Frame[] = [];
  let next: { value: unknown } | undefined = { value };
  while (out.length <= maxChars) {
    if (next) {
      const current = next.value;
      next = undefined;
      if (Array.isArray(current)) {
        out += '[';
        stack.push({ values: current, index: 0 });
      } else if (typeof current === 'object' && current !== null) {
        const keys = Object.keys(current);
        const record = current as Record<string, unknown>;
        out += '{';
        stack.push({ values: keys.map((key) => record[key]), keys, index: 0 });
      } else {
        out += scalar(current, maxChars);
      }
      continue;
    }
    const frame = stack.at(-1);
    if (!frame) break;
    if (frame.index >= frame.values.length) {
      out += frame.keys ? '}' : ']';
      stack.pop();
      continue;
    }
    if (frame.index > 0) out += ',';
    if (frame.keys) out += `${JSON.stringify(frame.keys[frame.index].slice(0, maxChars))}:`;
    next = { value: frame.values[frame.index] };
    frame.index++;
  }
  return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
}

function scalar(value: unknown, maxChars: number): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, maxChars));
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return 'null';
}
