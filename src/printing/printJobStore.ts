import type { PrintNetwork } from '../orders/order';
import type { PrintedDocument } from './printNetworkPort';

/** One document waiting at (or printed by) the local copier network. */
export interface PrintJob {
  /** The reservation number: netprint 8, Network Print 10 characters. */
  number: string;
  network: PrintNetwork;
  orderId: string;
  /** The certificate PDF, base64. */
  pdf: string;
  /** ISO time; printing stops here. */
  printDeadline: string;
  verificationCode?: string;
  status: 'waiting' | 'printed';
  /** ISO time of the first print. */
  printedAt?: string;
  /** What the document certifies, when the registrar was told. */
  document?: PrintedDocument;
}

/** The public facts about an issued certificate, found by its verification code. */
export interface IssuedCertificate extends PrintedDocument {
  orderId: string;
}

export interface CreatePrintJobOptions {
  /** How long the job (and its order's index entry) lives. */
  ttlMs: number;
  /** How long the job's certificate stays verifiable (only with `job.document`). */
  verificationTtlMs?: number;
}

/**
 * `created`: stored. `existing`: the order already has a job (returned; nothing stored).
 * `taken`: the number belongs to another job, draw another. `codeTaken`: the verification code
 * does.
 */
export type CreatePrintJobResult =
  | { status: 'created'; job: PrintJob }
  | { status: 'existing'; job: PrintJob }
  | { status: 'taken' }
  | { status: 'codeTaken' };

/** Where the local registrar keeps documents until they are printed or expire. */
export interface PrintJobStore {
  /** Stores `job` unless its order has a job or its number / code is taken; all-or-nothing. */
  create(job: PrintJob, options: CreatePrintJobOptions): Promise<CreatePrintJobResult>;
  get(number: string): Promise<PrintJob | undefined>;
  forOrder(orderId: string): Promise<PrintJob | undefined>;
  /** Marks the job printed (keeping the first print time); undefined when there is none. */
  markPrinted(number: string, at: string): Promise<PrintJob | undefined>;
  /** The certificate with this (canonical) verification code. */
  verification(code: string): Promise<IssuedCertificate | undefined>;
}
