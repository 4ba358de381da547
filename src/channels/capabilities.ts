/**
 * What each channel can show. Channel differences live here as data and in one renderer per
 * channel, never as channel checks inside dialogs.
 */
export interface ChannelCapabilities {
  /** Messages one reply may carry (LINE's reply token takes 5). */
  maxMessagesPerReply: number;
  /** Choice buttons shown at once. */
  maxChoices: number;
  /** Characters of a choice label the channel displays. */
  maxChoiceLabel: number;
  /** Characters in one text message. */
  maxTextLength: number;
}

export const CAPABILITIES = {
  line: { maxMessagesPerReply: 5, maxChoices: 13, maxChoiceLabel: 20, maxTextLength: 5000 },
  webchat: { maxMessagesPerReply: 50, maxChoices: 20, maxChoiceLabel: 60, maxTextLength: 10_000 },
  msteams: { maxMessagesPerReply: 50, maxChoices: 10, maxChoiceLabel: 60, maxTextLength: 28_000 },
} satisfies Record<string, ChannelCapabilities>;
