// Which engine a bench measured: the commit, and whether the engine's sources or configuration differ from it.
import { execFileSync } from 'node:child_process';

/** The short HEAD commit of `root`, marked when src/main or etc has uncommitted changes; 'unknown' outside git. */
export function gitCommit(root) {
  try {
    const c = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--', 'src/main', 'etc'], { encoding: 'utf8' }).trim();
    return dirty ? `${c} (src/main or etc modified)` : c;
  } catch {
    return 'unknown';
  }
}
