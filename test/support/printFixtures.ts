import { loadCatalogue } from '../../src/orders/loadCatalogue';
import {
  renderCertificatePdf,
  type CertificateDocument,
} from '../../src/printing/renderCertificatePdf';
import { loadTexts } from './texts';
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

/** The bundled catalogue: the names certificates print, `era` dates, valid 3 months. */
export const CATALOGUE = loadCatalogue('data/catalogue.json');

/** The PDF of `input` over a paid order of TARO's, code `7KQM-2XHD-PW9R`, with the real locales. */
export async function renderFixture(
  input: Partial<Omit<CertificateDocument, 'texts'>> & Pick<CertificateDocument, 'issuedAt'>,
): Promise<Uint8Array> {
  return renderCertificatePdf({
    order: paidOrder(),
    student: TARO,
    catalogue: CATALOGUE,
    texts: await loadTexts(),
    verificationCode: '7KQM-2XHD-PW9R',
    publicUrl: 'https://cert.example.ac.jp',
    ...input,
  });
}
