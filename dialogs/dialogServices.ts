import type { LoginRequestStore } from '../src/auth/loginRequest';
import type { Catalogue } from '../src/orders/catalogue';
import type { Order, OrderLine, PaymentMethod, PrintNetwork } from '../src/orders/order';
import type { PaymentStart } from '../src/orders/paymentGateway';
import type { EmailPurpose } from '../src/email/emailTokenStore';
import type { Language } from '../src/i18n/language';
import type { Clock } from '../src/platform/clock';
import type { ConversationDirectory } from '../src/students/conversationDirectory';
import type { ChatAccountLinker } from '../src/students/chatAccountLinker';
import type { DirectoryEntry } from '../src/students/student';
import type { StudentRepository } from '../src/students/studentRepository';

/** The LINE account-link nonces, as the login dialog uses them. */
export interface AccountLinkConsumer {
  /** The login the nonce stands for, once; undefined when unknown, used or expired. */
  consume(
    nonce: string,
  ): Promise<{ entry: DirectoryEntry; lineUserId: string; displayName?: string } | undefined>;
}

/** Email confirmation, as the email dialog uses it. */
export interface EmailConfirmationStarter {
  start(request: {
    studentId: string;
    address: string;
    language: Language;
    purpose: EmailPurpose;
    previousAddress?: string;
  }): Promise<{ status: 'sent'; expiresAt: string } | { status: 'limited'; retryAt: string }>;
}

/** What the order dialogs ask of the order service. */
export interface OrderDesk {
  get(orderId: string): Promise<Order | undefined>;
  /** A new draft; throws when the catalogue's rules refuse it or the service is closed. */
  create(request: {
    studentId: string;
    lines: Omit<OrderLine, 'unitFee'>[];
    network: PrintNetwork;
    language: Language;
  }): Promise<Order>;
  /** Starts (or, asked again, repeats) the payment of an order of this student. */
  startPayment(
    orderId: string,
    studentId: string,
    method: PaymentMethod,
  ): Promise<{ order: Order; start: PaymentStart }>;
  cancel(orderId: string, studentId: string): Promise<Order>;
  /** Newest first. */
  listForStudent(studentId: string): Promise<Order[]>;
}

/** What the dialogs need from the rest of the service; the composition root provides it. */
export interface DialogServices {
  students: StudentRepository;
  conversations: ConversationDirectory;
  loginRequests: LoginRequestStore;
  accountLinks: AccountLinkConsumer;
  /** Binds a chat account after a login; a new binding is notified to the student by mail. */
  linker: Pick<ChatAccountLinker, 'link'>;
  emailConfirmation: EmailConfirmationStarter;
  catalogue: Catalogue;
  orders: OrderDesk;
  publicUrl: string;
  clock: Clock;
}
