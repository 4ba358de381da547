import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { PROJECT_ROOT } from '../platform/projectRoot';
import { LANGUAGES, type Language } from './language';

export type Translate = TFunction;

/** Where `locales/<lng>/<namespace>.json` live. */
export const LOCALES_DIR = join(PROJECT_ROOT, 'locales');

/** Reads every `locales/<lng>/<ns>.json` file: `{ ja: { bot: {...} }, en: {...} }`. */
export function readLocaleResources(dir = LOCALES_DIR): Record<Language, Record<string, object>> {
  const resources = {} as Record<Language, Record<string, object>>;
  for (const lng of LANGUAGES) {
    resources[lng] = {};
    for (const file of readdirSync(join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      resources[lng][file.slice(0, -'.json'.length)] = JSON.parse(
        readFileSync(join(dir, lng, file), 'utf8'),
      );
    }
  }
  return resources;
}

/**
 * One i18next instance for the process. Code never switches its language: each turn or
 * request takes a fixed translate function with {@link Texts.t}.
 */
export class Texts {
  /** Translate functions made once (the resources never change after load). */
  private readonly fixed = new Map<string, Translate>();

  private constructor(private readonly instance: i18n) {}

  static async load(dir = LOCALES_DIR): Promise<Texts> {
    const resources = readLocaleResources(dir);
    const instance = i18next.createInstance();
    await instance.init({
      resources,
      lng: 'ja',
      fallbackLng: false,
      supportedLngs: [...LANGUAGES],
      ns: Object.keys(resources.ja),
      defaultNS: 'bot',
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
    return new Texts(instance);
  }

  /** A translate function fixed to one language (and optionally one namespace). */
  t(language: Language, namespace = 'bot'): Translate {
    const name = `${language}\u0000${namespace}`;
    let translate = this.fixed.get(name);
    if (!translate) {
      translate = remembering(this.instance.getFixedT(language, namespace));
      this.fixed.set(name, translate);
    }
    return translate;
  }

  /** Every language's translation of one key, e.g. to recognise a command typed in either. */
  all(key: string, namespace = 'bot'): string[] {
    return LANGUAGES.map((lng) => this.t(lng, namespace)(key));
  }

  /** The raw value of a key (arrays and objects included) in one language. */
  raw<T = unknown>(language: Language, key: string, namespace = 'bot'): T {
    return this.instance.getFixedT(language, namespace)(key, { returnObjects: true }) as T;
  }
}

/**
 * At most this many keys are remembered per language and namespace: the code's own keys are far
 * fewer, and a key built from outside data (a stored status, a channel name) cannot grow the
 * memory without bound.
 */
const REMEMBERED_KEYS = 4096;

/**
 * `translate`, remembering what a plain key (no options) translates to: the resources never
 * change after load, and a turn asks for the same labels many times (a menu's choices, the
 * words each typed command is matched against), which issue 17's profile showed costing a tenth
 * of a LINE turn. Calls with options (interpolation, plurals, objects) go through unchanged.
 */
function remembering(translate: Translate): Translate {
  const call = translate as unknown as (...args: unknown[]) => unknown;
  const known = new Map<string, unknown>();
  const remembered = (...args: unknown[]): unknown => {
    // `t(key)` and `t(key, undefined)` (a phrase without arguments) are plain.
    const [key, options] = args;
    if (args.length > 2 || options !== undefined || typeof key !== 'string') return call(...args);
    if (known.has(key)) return known.get(key);
    const value = call(key);
    if (known.size < REMEMBERED_KEYS) known.set(key, value);
    return value;
  };
  return remembered as unknown as Translate;
}
