import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { RedisClient } from '../../src/storage/redisConnection';
import { makePrintable, markPaid } from '../../src/orders/orderTransitions';
import { RedisOrderRepository } from '../../src/orders/redisOrderRepository';
import type { RedisKeys } from '../../src/storage/redisKeys';
import { RedisStudentRepository } from '../../src/students/redisStudentRepository';
import { seedStudents } from './staffFixtures';

/** A student whose LINE account is linked and who has an order ready to print. */
export interface LinkedLineStudent {
  lineUserId: string;
  studentId: string;
  email: string;
  orderId: string;
  /** The netprint reservation number "My orders" shows for the order. */
  reservationNumber: string;
}

/**
 * What the chat would have stored after a LINE student linked their account, confirmed their
 * address, ordered, paid and got the reservation number — written through the production
 * Redis repositories under the app's key prefix, with the real clock (the order is current).
 */
export async function seedLinkedLineStudent(
  redis: RedisClient,
  keys: RedisKeys,
  language: 'ja' | 'en' = 'en',
): Promise<LinkedLineStudent> {
  const now = DateTime.now().setZone('Asia/Tokyo');
  const [seeded] = await seedStudents(
    redis,
    keys,
    [{ studentId: 'a0123456', channel: 'line', language, network: 'netprint' }],
    now,
  );
  const email = `taro.${randomBytes(3).toString('hex')}@example.ac.jp`;
  await new RedisStudentRepository(redis, keys).setEmail(seeded.studentId, email);
  const unpaid = seeded.order;
  const paid = markPaid(
    unpaid,
    {
      method: 'smartpit',
      reference: unpaid.payment?.reference ?? '',
      amount: unpaid.totalFee,
      transactionId: `tx-${unpaid.orderId}`,
      paidAt: now.toISO() ?? '',
    },
    now,
    randomBytes(4).toString('hex').toUpperCase(),
  );
  // Eight upper-case letters and digits, as netprint issues them; random, so a match is no fluke.
  const reservationNumber = randomBytes(8)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase()
    .padEnd(8, 'Q')
    .slice(0, 8);
  const printable = makePrintable(
    paid,
    {
      network: 'netprint',
      number: reservationNumber,
      issuedAt: now.toISO() ?? '',
      verificationCode: paid.verificationCode ?? '',
    },
    now,
  );
  const orders = new RedisOrderRepository(redis, keys);
  if (!(await orders.update(unpaid, paid)) || !(await orders.update(paid, printable))) {
    throw new Error('The seeded order changed while it was being seeded.');
  }
  return {
    lineUserId: seeded.account.accountId,
    studentId: seeded.studentId,
    email,
    orderId: unpaid.orderId,
    reservationNumber,
  };
}
