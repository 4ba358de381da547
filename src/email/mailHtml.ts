import { html, joinHtml } from '../http/html';

/**
 * The HTML alternative of a plain-text mail: one `<p>` per paragraph, line breaks kept; the
 * paragraph that is `link` becomes a link.
 */
export function mailHtml(paragraphs: readonly string[], link?: string): string {
  const body = paragraphs.map((p) =>
    p === link
      ? html`<p><a href="${p}">${p}</a></p>`
      : html`<p>${joinHtml(p.split('\n'), html`<br>`)}</p>`,
  );
  return html`<!doctype html>\n<html><body>\n${joinHtml(body, '\n')}\n</body></html>\n`.toString();
}
