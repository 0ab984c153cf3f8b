/** JSON: the compilation model itself (it is what the forum-wide set is built from). */
import type { Compilation } from '../../common/compilation.contract';

/** Key order follows construction in compile.ts, which never depends on the clock or on hash iteration. */
export function renderJson(c: Compilation): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}
