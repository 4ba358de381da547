import type { PrintNetwork } from '../orders/order';

/** The convenience-store chains with a copier, and the network their copiers belong to. */
export const STORES = {
  'seven-eleven': 'netprint',
  familymart: 'networkprint',
  lawson: 'networkprint',
} as const satisfies Record<string, PrintNetwork>;

export type StoreId = keyof typeof STORES;

export const STORE_IDS = Object.keys(STORES) as StoreId[];

export function isStoreId(value: unknown): value is StoreId {
  return typeof value === 'string' && Object.hasOwn(STORES, value);
}

/** Examples of each network's numbers (as the university's manual shows them), shown as input hints. */
export const EXAMPLE_NUMBERS: Readonly<Record<PrintNetwork, string>> = {
  netprint: 'L3QP5ZYC',
  networkprint: 'B57LD4K9WH',
};
