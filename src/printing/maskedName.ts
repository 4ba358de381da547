/**
 * A name partly hidden, for the public verification page: the first character of each part
 * stays, the rest become `＊` (Japanese) or `*` — `京大 太郎` → `京＊ 太＊`, `Taro Kyodai` →
 * `T*** K*****`. Enough for someone holding the paper to match it, too little to learn a stranger's
 * name from a guessed code.
 */
export function maskedName(name: string, mask: '＊' | '*'): string {
  return name
    .trim()
    .split(/[\s\u3000]+/)
    .map((part) => {
      const [first = '', ...rest] = [...part];
      return first + mask.repeat(Math.max(1, rest.length));
    })
    .join(' ');
}
