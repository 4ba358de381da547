import { MessageFactory, type Activity } from 'botbuilder';
import { cardAttachment } from '../src/channels/card';
import type { Translate } from '../src/i18n/i18n';

/** Where students get more help: from configuration, shown by help and manual. */
export interface SupportInfo {
  manualUrl: string;
  callCenterPhone: string;
}

/**
 * The help text of each support info (the configuration's, one for the process) and translate
 * function (one per language, see `Texts.t`): it depends on nothing else, and its interpolated
 * line (the call centre's number) would otherwise go through i18next on every "help".
 */
const helpTexts = new WeakMap<SupportInfo, WeakMap<Translate, string>>();

/** The help text: what the bot does, the words that work anywhere, whom to call. */
export function helpMessage(t: Translate, support: SupportInfo): Partial<Activity> {
  let texts = helpTexts.get(support);
  if (!texts) helpTexts.set(support, (texts = new WeakMap()));
  let text = texts.get(t);
  if (text === undefined) {
    text = [
      `【${t('help.title')}】`,
      t('help.body'),
      t('help.commands'),
      t('help.callCenter', { phone: support.callCenterPhone }),
      t('help.sealedEnvelope'),
    ].join('\n\n');
    texts.set(t, text);
  }
  return MessageFactory.text(text);
}

/** The manual card: a link to the operating manual, the call centre and the sealed-envelope note. */
export function manualCard(t: Translate, support: SupportInfo): Partial<Activity> {
  return MessageFactory.attachment(
    cardAttachment({
      title: t('manual.title'),
      body: [t('manual.body')],
      fields: [
        { label: t('manual.callCenterLabel'), value: support.callCenterPhone },
        { label: t('manual.sealedEnvelopeLabel'), value: t('help.sealedEnvelope') },
      ],
      buttons: [{ kind: 'link', label: t('manual.open'), url: support.manualUrl }],
    }),
  );
}
