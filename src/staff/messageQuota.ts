/**
 * LINE's monthly message quota as last read: `none` (the plan has no limit), `limited` (the
 * month's limit and the messages counted against it so far), or `unknown` (LINE's quota
 * endpoints failed or did not answer in time: a push is still allowed, unchecked).
 */
export type QuotaReading =
  { type: 'none' } | { type: 'limited'; limit: number; used: number } | { type: 'unknown' };

/**
 * What a staff push asks of LINE's quota (`LineMessageQuota` implements it over the Messaging
 * API). Without LINE, {@link NO_LINE_QUOTA}: no reading, so previews show no quota at all.
 */
export interface MessageQuota {
  /** This month's quota, or undefined when the service has no LINE channel. */
  read(): Promise<QuotaReading | undefined>;
  /** The LINE messages one recipient of `text` costs: one per message object it is split into. */
  messagesPerRecipient(text: string): number;
}

/** The quota port of a service without LINE. */
export const NO_LINE_QUOTA: MessageQuota = {
  read: () => Promise.resolve(undefined),
  messagesPerRecipient: () => 0,
};
