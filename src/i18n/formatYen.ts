import type { Language } from './language';

/** An amount in yen as a student reads it: ja `1,200円`, en `¥1,200` (JPY has no decimals). */
export function formatYen(amount: number, language: Language): string {
  const digits = Math.round(amount).toLocaleString('en-US');
  return language === 'ja' ? `${digits}円` : `¥${digits}`;
}
