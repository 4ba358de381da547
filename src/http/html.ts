const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** The one way to make a {@link SafeHtml}; set once, below, and used by `html` and `raw`. */
let trust!: (markup: string) => SafeHtml;

/**
 * Markup that may go into a page as it is: built by the {@link html} tag (whose values were
 * escaped) or vouched for with {@link raw}. Nothing else can make one, so a `SafeHtml` parameter
 * says "already escaped" in the type, not in a comment.
 */
export class SafeHtml {
  static {
    trust = (markup) => new SafeHtml(markup);
  }

  private constructor(private readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/**
 * What the {@link html} tag accepts: text and numbers (escaped), markup (kept), nothing
 * (`undefined`, `null`: empty), and lists of these (joined without a separator).
 */
export type HtmlValue = SafeHtml | string | number | null | undefined | readonly HtmlValue[];

/** Escapes text for HTML content and quoted attribute values. The {@link html} tag calls it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Builds markup: html`<p class="x">${text}</p>`. Every interpolated value is escaped (also
 * inside attributes: quotes included) unless it is already {@link SafeHtml}, so templates nest
 * without being escaped twice. Attribute values must be quoted in the template; URLs in `href`
 * are escaped as text, not checked: a page builds its links from its own paths.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0];
  values.forEach((value, i) => {
    markup += render(value) + strings[i + 1];
  });
  return trust(markup);
}

/**
 * The visible opt-out: `markup` goes into pages unescaped. Only for markup the code itself
 * wrote; never for locale text, user input or anything read from a request or a store.
 */
export function raw(markup: string): SafeHtml {
  return trust(markup);
}

/** The values rendered as by {@link html}, with `separator` (text or markup) between them. */
export function joinHtml(values: readonly HtmlValue[], separator: HtmlValue): SafeHtml {
  const between = render(separator);
  return trust(values.map(render).join(between));
}

function render(value: HtmlValue): string {
  if (value === undefined || value === null) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}
