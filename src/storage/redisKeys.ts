/**
 * Every Redis key the service uses is built here, under one prefix, so that several deployments
 * (or test runs) can share a Redis server without touching each other's data.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** A botbuilder storage item (conversation or user state). */
  storageItem(key: string): string {
    return `${this.prefix}state:${key}`;
  }

  /** The pending turns of one student, oldest first. */
  turnQueue(queueKey: string): string {
    return `${this.prefix}turns:q:${queueKey}`;
  }

  /** Held by the instance that is running one student's turns. */
  turnLock(queueKey: string): string {
    return `${this.prefix}turns:lock:${queueKey}`;
  }

  /** The queue keys that may still hold turns (for recovery after a crash). */
  activeTurnQueues(): string {
    return `${this.prefix}turns:active`;
  }

  /** Marks a webhook event id as taken, so a redelivery is not processed twice. */
  seenEvent(channel: string, eventId: string): string {
    return `${this.prefix}seen:${channel}:${eventId}`;
  }

  /** Messages waiting to be fetched by one web-chat page. */
  webChatOutbox(sessionId: string): string {
    return `${this.prefix}webchat:out:${sessionId}`;
  }

  /** The number of the last message put in a web-chat outbox. */
  webChatOutboxSeq(sessionId: string): string {
    return `${this.prefix}webchat:seq:${sessionId}`;
  }

  /** One web-chat session (its locale, whether it was greeted); gone once it expires. */
  webChatSession(sessionId: string): string {
    return `${this.prefix}webchat:session:${sessionId}`;
  }

  /** Messages a web-chat session sent in the current rate-limit window. */
  webChatRate(sessionId: string): string {
    return `${this.prefix}webchat:rate:${sessionId}`;
  }

  /** Pub/sub channel that tells every instance a web-chat outbox got a message. */
  webChatNotify(): string {
    return `${this.prefix}webchat:notify`;
  }
}
