/**
 * The initials of a romanised name, e.g. `Taro Kyodai` → `T. K.`, `Kōno Tarō` → `K. T.`: enough
 * for someone holding the paper to match it, too little to identify a stranger's student.
 */
export function holderInitials(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[\s\-‐]+/)
    .map((part) => /\p{L}/u.exec(part)?.[0]?.toUpperCase())
    .filter((initial): initial is string => Boolean(initial))
    .map((initial) => `${initial}.`)
    .join(' ');
}
