/**
 * Every Redis key the service uses is built here, under one prefix, so that several deployments
 * (or test runs) can share a Redis server without touching each other's data.
 *
 * The layout rule, for Redis Cluster: a script, transaction, pipeline or MGET names keys of one
 * hash slot only, which the `{…}` hash tag guarantees; per-student, per-order, per-session and
 * per-chat data carry a tag of that student, order, session or chat, so it spreads over the
 * masters; only the global indexes (orders by time and deadline, the reminder schedule, the
 * staff pushes) keep a tag of their own. Keys that are only ever touched alone carry no tag.
 * A tag never holds a `}` of its own: the ids put in tags come from the service or are hashed
 * (a `}` inside would only shorten the tag, the same way for every key of that id).
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** A botbuilder storage item (conversation or user state). */
  storageItem(key: string): string {
    return `${this.prefix}state:${key}`;
  }

  /**
   * The pending turns of one student, oldest first (`queueKey` is the turn queue's hashed id of
   * the chat). The queue, its lock and its seen event ids share the tag of the queue: each
   * turn-queue script touches that one slot.
   */
  turnQueue(queueKey: string): string {
    return `${this.prefix}{turns:${queueKey}}:queue`;
  }

  /** Held by the instance that is running one student's turns. */
  turnLock(queueKey: string): string {
    return `${this.prefix}{turns:${queueKey}}:lock`;
  }

  /**
   * The queue keys that may still hold turns (for recovery after a crash): a global set, never
   * in a script with a queue (see `RedisTurnScripts` for the order that keeps it safe).
   */
  activeTurnQueues(): string {
    return `${this.prefix}{turns:active}:set`;
  }

  /**
   * Queues being taken off {@link activeTurnQueues} (a sorted set by Redis time, member
   * "<queue> <token>"): the mark an instance leaves while it checks that a queue it unlisted is
   * still empty, so that if it dies in between, another instance's sweep lists the queue again.
   * In the active set's slot, so that unlisting and marking are one script.
   */
  unlistingTurnQueues(): string {
    return `${this.prefix}{turns:active}:unlisting`;
  }

  /**
   * Marks a webhook event id as taken, so a redelivery is not processed twice. In the slot of
   * the queue the event goes to (one event always goes to the same queue), so that checking it
   * and queueing the turn are one script.
   */
  seenEvent(queueKey: string, channel: string, eventId: string): string {
    return `${this.prefix}{turns:${queueKey}}:seen:${channel}:${eventId}`;
  }

  /**
   * The dead-letter list (JSON letters, newest first): events that could not be parsed, queued
   * or run. A global list under the tag `{dead-letters}`, with the event ids recorded in it.
   */
  deadLetters(): string {
    return `${this.prefix}{dead-letters}:list`;
  }

  /** Marks a webhook event id as dead-lettered, so a redelivery is not recorded twice. */
  deadLetterEvent(channel: string, eventId: string): string {
    return `${this.prefix}{dead-letters}:event:${channel}:${eventId}`;
  }

  /** Messages waiting to be fetched by one web-chat page (a session's keys share its tag). */
  webChatOutbox(sessionId: string): string {
    return `${this.prefix}{webchat:${sessionId}}:out`;
  }

  /** The number of the last message put in a web-chat outbox. */
  webChatOutboxSeq(sessionId: string): string {
    return `${this.prefix}{webchat:${sessionId}}:seq`;
  }

  /** One web-chat session (its locale, whether it was greeted); gone once it expires. */
  webChatSession(sessionId: string): string {
    return `${this.prefix}{webchat:${sessionId}}:session`;
  }

  /** Messages a web-chat session sent in the current rate-limit window. */
  webChatRate(sessionId: string): string {
    return `${this.prefix}{webchat:${sessionId}}:rate`;
  }

  /** Pub/sub channel that tells every instance a web-chat outbox got a message. */
  webChatNotify(): string {
    return `${this.prefix}webchat:notify`;
  }

  /**
   * One email confirmation token, by the SHA-256 hash of the token (the token is never stored).
   * Touched alone: whose it is, and whether it is still current, live in the student's slot.
   */
  emailToken(tokenHash: string): string {
    return `${this.prefix}email:token:${tokenHash}`;
  }

  /** The hash of a student's newest confirmation token: only that one may still be confirmed. */
  emailCurrentToken(studentId: string): string {
    return `${this.prefix}{student:${studentId}}:email:current`;
  }

  /** The times of a student's recent confirmation mails (a sorted set), for the resend limit. */
  emailSends(studentId: string): string {
    return `${this.prefix}{student:${studentId}}:email:sends`;
  }

  /** One student's record (JSON); the student's other keys share its tag. */
  student(studentId: string): string {
    return `${this.prefix}{student:${studentId}}:record`;
  }

  /**
   * The student id a chat account (`accountKey`) is bound to. Touched alone: moving an account
   * between students is a series of one-slot steps (see `RedisStudentRepository`).
   */
  studentAccount(accountKey: string): string {
    return `${this.prefix}account:${accountKey}`;
  }

  /** The latest conversation reference of a chat account (JSON). */
  conversationReference(accountKey: string): string {
    return `${this.prefix}conv:ref:${accountKey}`;
  }

  /** A pending login request, by the SHA-256 of its id (the id itself is a bearer secret). */
  loginRequest(idHash: string): string {
    return `${this.prefix}auth:login:${idHash}`;
  }

  /** A pending single sign-on (SAML request id, OIDC state), by its SHA-256. */
  ssoState(keyHash: string): string {
    return `${this.prefix}auth:sso:${keyHash}`;
  }

  /** A pending LINE account-link nonce, by its SHA-256. */
  accountLinkNonce(nonceHash: string): string {
    return `${this.prefix}auth:nonce:${nonceHash}`;
  }

  /**
   * A document at the local copier network (a hash), by reservation number. Each print key is
   * touched alone: registering claims the number, the code and the order one after another (see
   * `RedisPrintJobStore`).
   */
  printJob(reservationNumber: string): string {
    return `${this.prefix}print:job:${reservationNumber}`;
  }

  /** The reservation number of an order's document, so that registering again finds it. */
  printJobOfOrder(orderId: string): string {
    return `${this.prefix}{order:${orderId}}:print`;
  }

  /** The public facts of an issued certificate (JSON), by its verification code. */
  issuedCertificate(verificationCode: string): string {
    return `${this.prefix}print:verify:${verificationCode}`;
  }

  /**
   * Failed-login counter of one client address, or of one student ID guessed from it. Both
   * counters of an attempt carry the address's tag, so one script checks and counts them.
   */
  loginAttempts(address: string, studentId?: string): string {
    const scope = studentId === undefined ? 'address' : `id:${studentId}`;
    return `${this.prefix}{login:${address}}:attempts:${scope}`;
  }

  /** What a payment reference (demo checkout id, PayPal order id, Smart Pit number) belongs to. */
  paymentReference(reference: string): string {
    return `${this.prefix}pay:ref:${reference}`;
  }

  /**
   * One order (JSON), in its own order's slot. Its indexes live elsewhere and are written in
   * one-slot steps around the order's compare-and-set (see `RedisOrderRepository`).
   */
  order(orderId: string): string {
    return `${this.prefix}{order:${orderId}}:record`;
  }

  /** A student's order ids, scored by application time (epoch ms). */
  studentOrders(studentId: string): string {
    return `${this.prefix}{student:${studentId}}:orders`;
  }

  /** The order id a payment reference was issued for (PayPal order id, Smart Pit number). */
  orderByPaymentReference(reference: string): string {
    return `${this.prefix}order:payref:${reference}`;
  }

  /** The order id of a reservation number. */
  orderByReservationNumber(reservationNumber: string): string {
    return `${this.prefix}order:reservation:${reservationNumber}`;
  }

  /**
   * Every order id, scored by application time (epoch ms): the staff dashboard pages through it.
   * A global index, under the tag `{orders}` with the deadline index.
   */
  allOrders(): string {
    return `${this.prefix}{orders}:all`;
  }

  /**
   * One staff push (JSON): what was sent to whom, and its delivery report. The pushes (at most
   * `PUSH_LIMIT` listed) share the tag `{staff-pushes}` with their index: saving one is a
   * transaction, listing them an MGET.
   */
  staffPush(pushId: string): string {
    return `${this.prefix}{staff-pushes}:push:${pushId}`;
  }

  /** Staff push ids, scored by creation time (epoch ms). */
  staffPushes(): string {
    return `${this.prefix}{staff-pushes}:index`;
  }

  /**
   * The BullMQ prefix of the staff-push jobs: its hash tag keeps every key of the queue in one
   * Cluster slot, as BullMQ's scripts require.
   */
  pushJobsPrefix(): string {
    return `${this.prefix}{push-jobs}`;
  }

  /** The staff audit log (a list of JSON entries, newest first). */
  staffAudit(): string {
    return `${this.prefix}staff:audit`;
  }

  /** The push a staff API `Idempotency-Key` started, by the SHA-256 of token name and key. */
  staffApiIdempotency(keyId: string): string {
    return `${this.prefix}staff:api:idem:${keyId}`;
  }

  /** Open orders (awaiting payment, paid, printable), scored by their deadline (epoch ms). */
  orderDeadlines(): string {
    return `${this.prefix}{orders}:deadlines`;
  }

  /**
   * Pending reminders (a sorted set of reminder ids scored by due time, epoch ms). The reminder
   * keys share the hash tag `{reminders}`: the claim script also updates the per-order sets.
   */
  reminders(): string {
    return `${this.prefix}{reminders}:due`;
  }

  /** The pending reminder ids of one order (`group` is the order id), so cancelling is no scan. */
  remindersOf(group: string): string {
    return `${this.prefix}{reminders}:of:${group}`;
  }

  /**
   * Claimed reminder ids, scored by the end of their lease (epoch ms): removed when the claimer
   * completes them, claimed again by anyone once the lease ends. Same tag as the due set, which
   * the claim script moves ids out of.
   */
  remindersClaimed(): string {
    return `${this.prefix}{reminders}:claimed`;
  }

  /**
   * Set once a proactive message with a delivery id reached one chat (`mark` is a hash of the id
   * and the chat), so a repeat of it is not sent again.
   */
  deliveredMark(mark: string): string {
    return `${this.prefix}delivered:${mark}`;
  }

  /**
   * A staff dashboard session (a hash: staffId, createdAt, lastSeenAt), by the SHA-256 of its
   * id: the id itself is a bearer secret that only the staff member's cookie holds.
   */
  staffSession(idHash: string): string {
    return `${this.prefix}staff:session:${idHash}`;
  }

  /**
   * Requests counted under one rate rule (`line-push`, `store-number`…) for one subject (a client
   * address, the LINE channel) in one fixed window (its number since the epoch).
   */
  rateWindow(rule: string, window: number, subject: string): string {
    return `${this.prefix}rate:${rule}:${window}:${subject}`;
  }

  /** The chat accounts (`accountKey`) that blocked the bot (a set): nothing is sent to them. */
  blockedAccounts(): string {
    return `${this.prefix}reach:blocked`;
  }
}
