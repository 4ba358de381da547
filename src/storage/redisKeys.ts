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

  /**
   * One email confirmation token, by the SHA-256 hash of the token (the token is never stored).
   * The email keys share one hash tag: a token's script touches the student's keys as well.
   */
  emailToken(tokenHash: string): string {
    return `${this.prefix}{email}:token:${tokenHash}`;
  }

  /** The hash of a student's newest confirmation token: only that one may still be confirmed. */
  emailCurrentToken(studentId: string): string {
    return `${this.prefix}{email}:current:${studentId}`;
  }

  /** The times of a student's recent confirmation mails (a sorted set), for the resend limit. */
  emailSends(studentId: string): string {
    return `${this.prefix}{email}:sends:${studentId}`;
  }

  /**
   * One student's record (JSON). Student keys share the hash tag `{students}` so that the scripts
   * that move an account between two students stay valid on Redis Cluster.
   */
  student(studentId: string): string {
    return `${this.prefix}{students}:student:${studentId}`;
  }

  /** The student id a chat account (`accountKey`) is bound to. */
  studentAccount(accountKey: string): string {
    return `${this.prefix}{students}:account:${accountKey}`;
  }

  /** The latest conversation reference of a chat account (JSON). */
  conversationReference(accountKey: string): string {
    return `${this.prefix}conv:ref:${accountKey}`;
  }

  /** A pending login request, by the SHA-256 of its id (the id itself is a bearer secret). */
  loginRequest(idHash: string): string {
    return `${this.prefix}auth:login:${idHash}`;
  }

  /** A pending LINE account-link nonce, by its SHA-256. */
  accountLinkNonce(nonceHash: string): string {
    return `${this.prefix}auth:nonce:${nonceHash}`;
  }

  /**
   * A document at the local copier network (a hash), by reservation number. The print keys share
   * the hash tag `{print}`: one script checks the number, the order and the code together.
   */
  printJob(reservationNumber: string): string {
    return `${this.prefix}{print}:job:${reservationNumber}`;
  }

  /** The reservation number of an order's document, so that registering again finds it. */
  printJobOfOrder(orderId: string): string {
    return `${this.prefix}{print}:order:${orderId}`;
  }

  /** The public facts of an issued certificate (JSON), by its verification code. */
  issuedCertificate(verificationCode: string): string {
    return `${this.prefix}{print}:verify:${verificationCode}`;
  }

  /**
   * Failed-login counter of one scope: `idAtAddress` (one ID guessed from one address, written
   * `<address>/<id>`) or `address`. The hash tag keeps both counters of an attempt in one
   * Cluster slot, so one script checks and counts them together.
   */
  loginAttempts(scope: 'idAtAddress' | 'address', value: string): string {
    return `${this.prefix}{login}:attempts:${scope}:${value}`;
  }

  /** What a payment reference (demo checkout id, PayPal order id, Smart Pit number) belongs to. */
  paymentReference(reference: string): string {
    return `${this.prefix}pay:ref:${reference}`;
  }

  /**
   * One order (JSON). Order keys share the hash tag `{orders}`: one script writes an order and
   * all its indexes together, also on Redis Cluster.
   */
  order(orderId: string): string {
    return `${this.prefix}{orders}:order:${orderId}`;
  }

  /** A student's order ids, scored by application time (epoch ms). */
  studentOrders(studentId: string): string {
    return `${this.prefix}{orders}:student:${studentId}`;
  }

  /** The order id a payment reference was issued for (PayPal order id, Smart Pit number). */
  orderByPaymentReference(reference: string): string {
    return `${this.prefix}{orders}:payref:${reference}`;
  }

  /** The order id of a reservation number. */
  orderByReservationNumber(reservationNumber: string): string {
    return `${this.prefix}{orders}:reservation:${reservationNumber}`;
  }

  /** Every order id, scored by application time (epoch ms): the staff dashboard pages through it. */
  allOrders(): string {
    return `${this.prefix}{orders}:all`;
  }

  /** One staff push (JSON): what was sent to whom, and its delivery report. */
  staffPush(pushId: string): string {
    return `${this.prefix}staff:push:${pushId}`;
  }

  /** Staff push ids, scored by creation time (epoch ms). */
  staffPushes(): string {
    return `${this.prefix}staff:pushes`;
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
