import { join } from 'node:path';
import {
  parseOrderShortcut,
  parseStoreName,
  type OrderShortcut,
} from '../../dialogs/orders/orderShortcut';
import { loadCatalogue } from '../../src/orders/loadCatalogue';
import { PROJECT_ROOT } from '../../src/platform/projectRoot';

const catalogue = loadCatalogue(join(PROJECT_ROOT, 'data', 'catalogue.json'));
const seven = { storeId: 'seven-eleven', network: 'netprint' } as const;
const famima = { storeId: 'familymart', network: 'networkprint' } as const;
const lawson = { storeId: 'lawson', network: 'networkprint' } as const;

describe('parseOrderShortcut', () => {
  it.each<[string, OrderShortcut]>([
    ['成績証明書', { certificateId: 'transcript' }],
    ['成績証明書を2部', { certificateId: 'transcript', copies: 2 }],
    ['成績証明書2部ください', { certificateId: 'transcript', copies: 2 }],
    ['成績証明書を二部お願いします', { certificateId: 'transcript', copies: 2 }],
    [
      '在学証明書 英文 3部 ファミマ',
      { certificateId: 'enrollment', language: 'en', copies: 3, ...famima },
    ],
    [
      '卒業見込証明書　日本語版　１部　セブン',
      { certificateId: 'expectedGraduation', language: 'ja', copies: 1, ...seven },
    ],
    [
      '英文成績証明書を１枚、ローソンで',
      { certificateId: 'transcript', language: 'en', copies: 1, ...lawson },
    ],
    ['在学証明 和文 セブン‐イレブン', { certificateId: 'enrollment', language: 'ja', ...seven }],
    ['ｾﾌﾞﾝｲﾚﾌﾞﾝで健康診断証明書', { certificateId: 'health', ...seven }],
    [
      '修了見込証明書 ファミリーマート 十部',
      { certificateId: 'expectedCompletion', copies: 10, ...famima },
    ],
    ['成績証明書 ネットワークプリント', { certificateId: 'transcript', network: 'networkprint' }],
    ['成績証明書 99部', { certificateId: 'transcript', copies: 99 }],
    ['成績証明書 0部', { certificateId: 'transcript', copies: 0 }],
    [
      '2 English transcripts at Lawson',
      { certificateId: 'transcript', language: 'en', copies: 2, ...lawson },
    ],
    ['transcript x3 7-eleven', { certificateId: 'transcript', copies: 3, ...seven }],
    ['Transcript', { certificateId: 'transcript' }],
    [
      'I want 3 copies of the Certificate of Enrollment please',
      { certificateId: 'enrollment', copies: 3 },
    ],
    [
      'two japanese enrollment certificates at familymart',
      { certificateId: 'enrollment', language: 'ja', copies: 2, ...famima },
    ],
    [
      'academic transcript, english version, 7-11',
      { certificateId: 'transcript', language: 'en', ...seven },
    ],
    ['transcript at seven', { certificateId: 'transcript', ...seven }],
    ['seven copies of transcript', { certificateId: 'transcript', copies: 7 }],
    [
      'expected graduation 3x family mart',
      { certificateId: 'expectedGraduation', copies: 3, ...famima },
    ],
    [
      'ＴＲＡＮＳＣＲＩＰＴ ×２ ＬＡＷＳＯＮ',
      { certificateId: 'transcript', copies: 2, ...lawson },
    ],
    ['transcript 成績証明書 2部', { certificateId: 'transcript', copies: 2 }],
  ])('%s', (text, expected) => {
    expect(parseOrderShortcut(text, catalogue)).toEqual(expected);
  });

  it.each([
    'こんにちは',
    'hello',
    'help',
    'ヘルプ',
    'menu',
    'English',
    '2',
    '３部',
    'three copies',
    'セブン',
    '成績証明書とは？',
    '成績証明書って何ですか',
    'what is a transcript?',
    'how much is a transcript',
    'transcript?',
    '成績証明書はいらない',
    '成績証明書は要りません',
    'no transcript',
    "I don't need a transcript",
    '成績証明書の発行にはどのくらいかかりますか',
    'my friend lost her transcript yesterday',
    '成績証明書と在学証明書',
    'transcript and enrollment',
    '成績証明書 英文 和文',
    '成績証明書 2部 3部',
    '成績証明書 セブン ローソン',
    '成績証明書 2.5部',
    '成績証明書 -1部',
    'transcripts123',
    'seventeen transcripts',
  ])('not an order: %s', (text) => {
    expect(parseOrderShortcut(text, catalogue)).toBeUndefined();
  });

  describe('attacker input', () => {
    it.each([
      ['10,000 characters', '成績証明書'.repeat(2_000)],
      ['10,000 characters after a shortcut', `成績証明書2部${' '.repeat(10_000)}`],
      ['a control character', '成績証明書\u0007 2部'],
      ['a NUL', 'transcript\u0000'],
      ['an RTL override', '\u202e成績証明書 2部'],
      ['a zero-width joiner', '成績\u200d証明書'],
      ['mixed scripts around the name', 'Привет 成績証明書 مرحبا'],
      ['a lone surrogate', 'transcript \ud800'],
      ['a huge number', `成績証明書 ${'9'.repeat(50)}部`],
    ])('%s: not an order, and quick', (_name, text) => {
      const started = Date.now();
      expect(parseOrderShortcut(text, catalogue)).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(200);
    });
  });

  describe('parseStoreName (the store question)', () => {
    it.each([
      ['セブン', seven],
      ['ｾﾌﾞﾝｲﾚﾌﾞﾝ', seven],
      ['7-11', seven],
      ['seven', seven],
      ['ファミマで', famima],
      ['at Lawson', lawson],
      ['ネットワークプリント', { network: 'networkprint' }],
    ])('%s', (text, expected) => {
      expect(parseStoreName(text, catalogue)).toEqual(expected);
    });

    it.each([
      'ローソンはどこ？',
      'セブン ローソン',
      '成績証明書 セブン',
      '\u202eセブン',
      'no lawson',
    ])('not a store: %s', (text) => {
      expect(parseStoreName(text, catalogue)).toBeUndefined();
    });
  });
});
