import type { Order } from '../../src/orders/order';
import type { DirectoryEntry } from '../../src/students/student';

/** Applied 2024-01-16 15:00 JST, as in the README: printable until 2024-01-23 23:59:59. */
export const APPLIED_AT = '2024-01-16T15:00:00.000+09:00';
export const PRINT_DEADLINE = '2024-01-24T00:00:00.000+09:00';

/** A paid order of three copies: two enrollment certificates and one transcript. */
export function paidOrder(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'ORD-20240116-0001',
    studentId: 'a0123456',
    language: 'ja',
    lines: [
      { certificateId: 'enrollment', language: 'en', copies: 2, unitFee: 400 },
      { certificateId: 'transcript', language: 'ja', copies: 1, unitFee: 400 },
    ],
    network: 'netprint',
    totalFee: 1200,
    status: 'paid',
    appliedAt: APPLIED_AT,
    paymentDeadline: PRINT_DEADLINE,
    printDeadline: PRINT_DEADLINE,
    payment: { method: 'demo', reference: 'demo-1', paidAt: '2024-01-16T15:05:00.000+09:00' },
    history: [],
    version: 3,
    ...overrides,
  };
}

export const TARO: DirectoryEntry = {
  studentId: 'a0123456',
  name: { ja: '京大 太郎', en: 'Taro Kyodai' },
  program: 'undergraduate',
  year: 3,
  finalYear: false,
  faculty: { ja: '工学部', en: 'Faculty of Engineering' },
};

const NAMES: Record<string, string> = {
  enrollment: 'Certificate of Enrollment',
  transcript: 'Academic Transcript',
};

/** The English catalogue names the PDF prints. */
export function catalogueNames(certificateId: string): string {
  return NAMES[certificateId] ?? certificateId;
}
