import { MemoryAccountLinkNonces } from '../../src/auth/memoryAccountLinkNonces';
import { MemoryLoginRequestStore } from '../../src/auth/memoryLoginRequestStore';
import type { DialogServices } from '../../dialogs/dialogServices';
import { EmailVerification } from '../../src/email/emailVerification';
import { LinkNotices } from '../../src/email/linkNotices';
import { MemoryEmailTokenStore } from '../../src/email/memoryEmailTokenStore';
import type { Mail, Mailer } from '../../src/mail/mailer';
import { ManualClock } from '../../src/platform/clock';
import { MemoryConversationDirectory } from '../../src/students/memoryConversationDirectory';
import { ChatAccountLinker } from '../../src/students/chatAccountLinker';
import { MemoryStudentRepository } from '../../src/students/memoryStudentRepository';
import { loadTexts } from './texts';
import { join } from 'node:path';
import { loadCatalogue } from '../../src/orders/loadCatalogue';
import { MemoryOrderRepository } from '../../src/orders/memoryOrderRepository';
import { OrderService } from '../../src/orders/orderService';
import { createPaymentGateways } from '../../src/payments/createPaymentGateways';
import { MemoryPaymentReferenceStore } from '../../src/payments/memoryPaymentReferenceStore';
import { createLogger } from '../../src/platform/logger';
import { PROJECT_ROOT } from '../../src/platform/projectRoot';
import { CertificateIssuer } from '../../src/printing/certificateIssuer';
import { LocalPrintRegistrar } from '../../src/printing/localPrintRegistrar';
import { MemoryPrintJobStore } from '../../src/printing/memoryPrintJobStore';
import { verificationCode } from '../../src/printing/verificationCode';

/** A mailer that keeps what it was asked to send; for tests of the dialogs alone. */
export class KeptMails implements Mailer {
  readonly sent: Mail[] = [];
  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
  }
  async close(): Promise<void> {}
}

/** The dialogs' services on the embedded memory ports, with a manual clock. */
export async function memoryServices(start = '2026-11-24T10:00:00+09:00') {
  const clock = new ManualClock(start);
  const mails = new KeptMails();
  const nonces = new MemoryAccountLinkNonces(clock);
  const students = new MemoryStudentRepository();
  const catalogue = loadCatalogue(join(PROJECT_ROOT, 'data', 'catalogue.json'));
  const texts = await loadTexts();
  const services: DialogServices = {
    students,
    conversations: new MemoryConversationDirectory(),
    loginRequests: new MemoryLoginRequestStore(clock),
    accountLinks: {
      consume: async (nonce) => {
        const binding = await nonces.consume(nonce);
        return binding && { entry: binding.entry, lineUserId: binding.lineUserId };
      },
    },
    linker: new ChatAccountLinker({
      students,
      notifier: new LinkNotices({
        mailer: mails,
        texts,
        callCenterPhone: '06-6809-4327',
        logger: createLogger('silent'),
      }),
      clock,
    }),
    emailConfirmation: new EmailVerification({
      store: new MemoryEmailTokenStore(),
      mailer: mails,
      texts,
      clock,
      publicUrl: 'http://localhost:3978',
      callCenterPhone: '06-6809-4327',
    }),
    catalogue,
    orders: new OrderService({
      orders: new MemoryOrderRepository(),
      catalogue,
      clock,
      gateways: createPaymentGateways(
        { publicUrl: 'http://localhost:3978', paypal: undefined, smartPit: {} },
        { references: new MemoryPaymentReferenceStore(clock), clock },
      ),
      issuer: new CertificateIssuer({
        printNetwork: new LocalPrintRegistrar({ jobs: new MemoryPrintJobStore(clock), clock }),
        clock,
        catalogue,
        texts,
        publicUrl: 'http://localhost:3978',
      }),
      verificationCode: () => verificationCode(),
      students,
      logger: createLogger('silent'),
      onChange: async () => undefined,
    }),
    publicUrl: 'http://localhost:3978',
    clock,
  };
  return { services, clock, mails, nonces };
}
