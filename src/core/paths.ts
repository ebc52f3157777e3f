import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's root (where package.json is), found from this file: the same answer when run
 * from src/ with tsx and from dist/src/ after tsc.
 */
export function projectRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
}
