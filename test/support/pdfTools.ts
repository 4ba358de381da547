import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** A tool that has not finished in this long is hung: it is killed and the test fails naming it. */
const TOOL_TIMEOUT_MS = 60_000;

/** Runs poppler's or zbar's `tool`, failing with its name and arguments if it hangs or fails. */
async function run(tool: string, args: string[]): Promise<{ stdout: string }> {
  try {
    return await execFileAsync(tool, args, {
      timeout: TOOL_TIMEOUT_MS,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    // execFile's own message names the command and carries its stderr; a hang needs saying.
    if ((error as { killed?: boolean }).killed) {
      throw new Error(`${tool} ${args.join(' ')}: killed after ${TOOL_TIMEOUT_MS / 1000} s`);
    }
    throw error;
  }
}

/** A grey image: one byte a pixel, 0 black … 255 white. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** An area of a page in PDF points from its top-left corner (what a reader measures). */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function withPdfFile<T>(pdf: Uint8Array, use: (file: string, dir: string) => Promise<T>) {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `area` of page `page` (from 1) rendered by poppler's `pdftoppm` in grey at `dpi`. */
export function renderArea(
  pdf: Uint8Array,
  page: number,
  area: Area,
  dpi = 150,
): Promise<GreyImage> {
  const scale = dpi / 72;
  return withPdfFile(pdf, async (file, dir) => {
    const crop = [area.x, area.y, area.width, area.height].map((v) =>
      String(Math.round(v * scale)),
    );
    const [x, y, width, height] = crop;
    const args = ['-r', String(dpi), '-gray', '-f', String(page), '-l', String(page)];
    await run('pdftoppm', [
      ...args,
      '-x',
      x,
      '-y',
      y,
      '-W',
      width,
      '-H',
      height,
      file,
      join(dir, 'area'),
    ]);
    const [name] = (await readdir(dir)).filter((f) => f.endsWith('.pgm'));
    return parsePgm(await readFile(join(dir, name)));
  });
}

/** Binary PGM (`P5`), as `pdftoppm -gray` writes it. */
function parsePgm(bytes: Buffer): GreyImage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PGM image');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return {
    width,
    height,
    pixels: bytes.subarray(header[0].length, header[0].length + width * height),
  };
}

/** Pixels darker than mid-grey: ink. */
export function inkOf(image: GreyImage): number {
  return image.pixels.reduce((sum, value) => sum + (value < 128 ? 1 : 0), 0);
}

/** Pixels that differ (one inked, the other not) between two images of one size. */
export function inkDifference(a: GreyImage, b: GreyImage): number {
  let differ = 0;
  for (let i = 0; i < a.pixels.length; i++) {
    if (a.pixels[i] < 128 !== b.pixels[i] < 128) differ++;
  }
  return differ;
}

/** The font rows of poppler's `pdffonts`: name, type, encoding, embedded, subset, unicode. */
export function pdfFonts(
  pdf: Uint8Array,
): Promise<{ line: string; name: string; emb: string; sub: string }[]> {
  return withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdffonts', [file]);
    return stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim())
      .map((line) => {
        const columns = line.trim().split(/\s+/);
        const [emb, sub] = columns.slice(-5, -3);
        return { line, name: columns[0], emb, sub };
      });
  });
}

/** The text of each page, by poppler's `pdftotext` (what the file says, not what it shows). */
export function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  return withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    return stdout.split('\f').slice(0, -1);
  });
}

/** The QR codes `zbarimg` reads on page `page` rendered at `dpi`, as a phone camera would. */
export function scanQrCodes(pdf: Uint8Array, page: number, dpi = 150): Promise<string[]> {
  return withPdfFile(pdf, async (file, dir) => {
    const args = ['-r', String(dpi), '-png', '-f', String(page), '-l', String(page)];
    await run('pdftoppm', [...args, file, join(dir, 'page')]);
    const [image] = (await readdir(dir)).filter((f) => f.endsWith('.png'));
    const { stdout } = await run('zbarimg', ['--quiet', '--raw', join(dir, image)]);
    return stdout.split('\n').filter(Boolean);
  });
}
