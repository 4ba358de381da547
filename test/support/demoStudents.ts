import type { DirectoryEntry } from '../../src/students/student';

/** The directory entry of the demo undergraduate `a0123456` (final year), as tests use it. */
export const TARO: DirectoryEntry = {
  studentId: 'a0123456',
  name: { ja: '京大 太郎', en: 'Taro Kyodai' },
  program: 'undergraduate',
  year: 4,
  finalYear: true,
  faculty: { ja: '工学部', en: 'Faculty of Engineering' },
};
