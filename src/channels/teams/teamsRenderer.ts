import type { Activity } from 'botbuilder';
import { CARD_CONTENT_TYPE, type Card } from '../card';
import { renderAdaptiveCard } from './adaptiveCard';

/**
 * An outgoing activity as Teams should receive it: each neutral card becomes an Adaptive Card,
 * in place, so the order of attachments holds. Text, suggested actions (Teams shows them as
 * imBack buttons) and any other attachment pass through unchanged. Pure: returns a copy.
 */
export function renderTeamsActivity(activity: Partial<Activity>): Partial<Activity> {
  if (!activity.attachments?.some((a) => a.contentType === CARD_CONTENT_TYPE)) return activity;
  return {
    ...activity,
    attachments: activity.attachments.map((attachment) =>
      attachment.contentType === CARD_CONTENT_TYPE
        ? renderAdaptiveCard(attachment.content as Card)
        : attachment,
    ),
  };
}
