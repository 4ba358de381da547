import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml } from '../../http/html';
import type { Translate } from '../../i18n/i18n';
import { PROJECT_ROOT } from '../../platform/projectRoot';
import type { Language } from '../../i18n/language';

/** `public/webchat` at the project's root. */
export const PUBLIC_WEBCHAT_DIR = join(PROJECT_ROOT, 'public', 'webchat');

/** The page's files besides the HTML, with their content types. */
const ASSETS = {
  'app.js': 'text/javascript; charset=utf-8',
  'render.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
} as const;

export type WebChatAssetName = keyof typeof ASSETS;

export interface WebChatAsset {
  content: string;
  contentType: string;
}

/**
 * The page's static files, read once at start-up. The HTML is a template whose `{{t:key}}` slots are filled
 * in the visitor's language, so the page reads well before its script has run.
 */
export class WebChatPage {
  /** The names served under `/webchat/`. */
  static readonly assetNames = Object.keys(ASSETS) as WebChatAssetName[];

  private constructor(
    private readonly template: string,
    private readonly assets: Record<WebChatAssetName, WebChatAsset>,
  ) {}

  static load(dir = PUBLIC_WEBCHAT_DIR): WebChatPage {
    const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
    const assets = {} as Record<WebChatAssetName, WebChatAsset>;
    for (const name of WebChatPage.assetNames) {
      assets[name] = { content: read(name), contentType: ASSETS[name] };
    }
    return new WebChatPage(read('index.html'), assets);
  }

  asset(name: WebChatAssetName): WebChatAsset {
    return this.assets[name];
  }

  /** The page in `language`; `t` is the `webchat` namespace's translate function. */
  html(language: Language, t: Translate, maxText: number): string {
    return this.template.replace(
      /\{\{(t:)?([A-Za-z.]+)\}\}/g,
      (_slot, isText: string, key: string) => {
        if (isText) return escapeHtml(t(`page.${key}`));
        if (key === 'lang') return language;
        if (key === 'maxText') return String(maxText);
        return '';
      },
    );
  }
}
