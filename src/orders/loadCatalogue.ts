import { DataFileError } from '../platform/errors';
import { readFileSync } from 'node:fs';
import type { Catalogue } from './catalogue';
import { parseCatalogue } from './parseCatalogue';

/** Reads and validates a catalogue file; throws {@link DataFileError} on anything malformed. */
export function loadCatalogue(file: string): Catalogue {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DataFileError('catalogue', file, 'it cannot be read', { cause: err });
  }
  return parseCatalogue(text, file);
}
