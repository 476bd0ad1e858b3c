// The actors a flag check could pass, from the code around it, for the flag-without-actor quick
// fix: what the enclosing method takes or assigns (`project`, `group:`, `current_user`…), the
// instance variables the file uses (`@project`), the actors the file's other flag checks pass,
// and `current_user` where Rails provides it (controllers, views, helpers, GraphQL, the API).
// Only names that say they are an actor GitLab's Feature accepts (a user, project, group,
// namespace, repository, organization or runner) are offered, nearest scope first.

const ACTOR_NAME = /(?:^|_)(?:user|project|group|namespace|repository|organization|runner|actor)$/;
const CURRENT_USER_PATHS = /^(?:ee\/|jh\/)?(?:app\/(?:controllers|views|helpers|graphql)\/|lib\/api\/)/;
const DEF = /^([ \t]*)def[ \t]+(?:self\.)?[\w?!=]+[ \t]*(?:\(([^)]*)\)|([^\n;#]*))?/gm;
const OTHER_CHECK = /Feature\s*\.\s*(?:enabled|disabled)\?\s*\(\s*[^,()]+,\s*(@?[a-z_]\w*(?:&?\.[a-z_]\w*)*)\s*[,)]/g;

function isActorName(expression: string): boolean {
  const last = expression.slice(Math.max(expression.lastIndexOf('.'), expression.lastIndexOf('@')) + 1);
  return ACTOR_NAME.test(last);
}

/** Candidate actor expressions for a check at `offset` in `text` (a file at `relativePath`). */
export function actorCandidates(text: string, offset: number, relativePath: string): string[] {
  const found: string[] = [];
  const add = (name: string) => {
    if (isActorName(name) && !found.includes(name)) found.push(name);
  };

  const method = enclosingMethod(text, offset);
  if (method) {
    for (const parameter of method.parameters) add(parameter);
    const body = text.slice(method.bodyStart, offset);
    // Block parameters and locals assigned before the check, the nearest first.
    const locals: [number, string][] = [];
    for (const match of body.matchAll(/\|([^|\n]*)\|/g)) for (const name of parameterNames(match[1])) locals.push([match.index, name]);
    for (const match of body.matchAll(/^[ \t]*([a-z_]\w*)[ \t]*(?:\|\||&&)?=(?![=~>])/gm)) locals.push([match.index, match[1]]);
    for (const [, name] of locals.sort((a, b) => b[0] - a[0])) add(name);
  }
  for (const match of text.matchAll(/@([a-z_]\w*)\b(?![ \t]*[(:])/g)) add(`@${match[1]}`);
  for (const match of text.matchAll(OTHER_CHECK)) add(match[1]);
  if (CURRENT_USER_PATHS.test(relativePath)) add('current_user');
  return found;
}

interface Method {
  parameters: string[];
  bodyStart: number;
}

/**
 * The `def` the offset is in: the last one before it whose body has not ended by then (no line
 * in between indented as little as the `def`, which would be its `end` or the next definition).
 */
function enclosingMethod(text: string, offset: number): Method | undefined {
  let best: RegExpExecArray | undefined;
  for (const match of text.slice(0, offset).matchAll(DEF)) best = match as RegExpExecArray;
  if (!best) return undefined;
  const indent = best[1].length;
  const headerEnd = best.index + best[0].length;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const between = text.slice(text.indexOf('\n', headerEnd) + 1, lineStart).split('\n');
  const callLine = text.slice(lineStart, offset);
  const ended = (line: string) => line.trim() !== '' && line.length - line.trimStart().length <= indent;
  if (between.some(ended) || (text.indexOf('\n', headerEnd) < offset && ended(callLine))) return undefined;
  return { parameters: parameterNames(best[2] ?? best[3] ?? ''), bodyStart: headerEnd };
}

/** `project, group: nil, *args, user = nil, &block` → project, group, user. */
function parameterNames(list: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of `${list},`) {
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      const match = /^\s*([a-z_]\w*)\s*(?::|=|$)/.exec(current);
      if (match) names.push(match[1]);
      current = '';
    } else current += c;
  }
  return names;
}
