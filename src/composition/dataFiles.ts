import { isAbsolute, join } from 'node:path';
import { DemoDirectory } from '../auth/demoDirectory';
import { DirectoryFileError } from '../auth/directoryFileError';
import { ConfigError } from '../config/configError';
import { loadCatalogue, type Catalogue } from '../orders/catalogue';
import { CatalogueError } from '../orders/catalogueError';
import { PROJECT_ROOT } from '../platform/projectRoot';

/** The university's catalogue; a bad file stops start-up like any bad setting. */
export function loadCatalogueFile(file: string): Catalogue {
  try {
    return loadCatalogue(isAbsolute(file) ? file : join(PROJECT_ROOT, file));
  } catch (err) {
    if (err instanceof CatalogueError) {
      throw new ConfigError('CATALOGUE_FILE', `CATALOGUE_FILE: ${err.message}`);
    }
    throw err;
  }
}

/** The identity port's embedded default; a bad file stops start-up like any bad setting. */
export function loadDirectory(file: string): DemoDirectory {
  try {
    return new DemoDirectory(isAbsolute(file) ? file : join(PROJECT_ROOT, file));
  } catch (err) {
    if (err instanceof DirectoryFileError) {
      throw new ConfigError('IDENTITY_DIRECTORY_FILE', `IDENTITY_DIRECTORY_FILE: ${err.message}`);
    }
    throw err;
  }
}
