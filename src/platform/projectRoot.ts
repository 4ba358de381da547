import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's root folder (where `package.json`, `locales/` and `public/` are), found the same
 * way whether the code runs from `src/` (tests) or `dist/src/` (npm start).
 */
export const PROJECT_ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}.`);
    dir = parent;
  }
  return dir;
})();
