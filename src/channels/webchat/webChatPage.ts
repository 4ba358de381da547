import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAssets, publicDir, type Asset } from '../../http/assets';
import { html, type HtmlValue } from '../../http/html';
import type { Translate } from '../../i18n/i18n';
import type { Language } from '../../i18n/language';

/** `public/webchat` at the project's root. */
export const PUBLIC_WEBCHAT_DIR = publicDir('webchat');

/** The page's files besides the HTML, with their content types. */
const ASSETS = {
  'app.js': 'text/javascript; charset=utf-8',
  'render.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
} as const;

export type WebChatAssetName = keyof typeof ASSETS;

/**
 * The page's static files, read once at start-up. The HTML is a template whose `{{t:key}}` slots are filled
 * in the visitor's language, so the page reads well before its script has run.
 */
export class WebChatPage {
  /** The names served under `/webchat/`. */
  static readonly assetNames = Object.keys(ASSETS) as WebChatAssetName[];

  private constructor(
    private readonly template: string,
    private readonly assets: Record<WebChatAssetName, Asset>,
  ) {}

  static load(dir = PUBLIC_WEBCHAT_DIR): WebChatPage {
    const template = readFileSync(join(dir, 'index.html'), 'utf8');
    return new WebChatPage(template, loadAssets(dir, ASSETS));
  }

  asset(name: WebChatAssetName): Asset {
    return this.assets[name];
  }

  /**
   * The page in `language`; `t` is the `webchat` namespace's translate function. Every slot is
   * filled through the `html` tag, so each value is escaped (the template is the trusted part).
   */
  html(language: Language, t: Translate, maxText: number): string {
    const slot = (isText: string, key: string): HtmlValue => {
      if (isText) return t(`page.${key}`);
      if (key === 'lang') return language;
      if (key === 'maxText') return maxText;
      return undefined;
    };
    return this.template.replace(
      /\{\{(t:)?([A-Za-z.]+)\}\}/g,
      (_slot, isText: string, key: string) => html`${slot(isText, key)}`.toString(),
    );
  }
}
