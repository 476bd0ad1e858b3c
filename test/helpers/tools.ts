// Which external checkers this machine has (Debian's ruby for `ruby -c`).

import { execFileSync } from 'node:child_process';

export function hasRuby(): boolean {
  try {
    execFileSync('ruby', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
