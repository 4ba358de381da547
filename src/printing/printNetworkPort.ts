import type { Order, PrintNetwork } from '../orders/order';

/** A certificate document registered with a copier network. */
export interface PrintRegistration {
  network: PrintNetwork;
  /** netprint: 8 characters, Network Print: 10; upper-case letters and digits. */
  number: string;
}

/**
 * A convenience-store copier network (netprint, Network Print). Embedded default: a local
 * registrar plus a store-copier simulator page; production: the partners' APIs.
 */
export interface PrintNetworkPort {
  /** Registers the document for printing until the order's print deadline. Idempotent per order. */
  register(order: Order, pdf: Uint8Array): Promise<PrintRegistration>;
}

/** Called when a store copier printed an order's document. */
export interface PrintedNotices {
  printed(reservationNumber: string): Promise<'printed' | 'unknown' | 'expired' | 'already'>;
}
