/**
 * The part of GitHub Actions' expression language the kit's workflows use, evaluated the way the runner
 * does: context paths (`inputs.x`, `steps.a.outputs.b`, `needs.a.outputs.b`, `github.event...`), string,
 * number and boolean literals, `!`, `==`, `!=`, `&&`, `||` (which return an operand, not a boolean),
 * parentheses and the status functions. Anything else throws, so a workflow that needs more fails loudly
 * instead of being run with a wrong value.
 */

/** A value an expression yields. */
export type Value = string | number | boolean | null | undefined | { [key: string]: Value };

/** The contexts an expression may read. */
export type Contexts = Record<string, Value>;

const TOKEN =
  /\s*(?:('(?:[^']|'')*')|(==|!=|&&|\|\||[!()])|([A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*(?:\(\))?)|(-?\d+(?:\.\d+)?))/y;

type Token = { kind: 'string' | 'op' | 'word' | 'number'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.trimEnd().length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) throw new Error(`unsupported expression at ${at}: ${source}`);
    if (match[1] !== undefined)
      tokens.push({ kind: 'string', text: match[1].slice(1, -1).replace(/''/g, "'") });
    else if (match[2] !== undefined) tokens.push({ kind: 'op', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'word', text: match[3] });
    else tokens.push({ kind: 'number', text: match[4] });
  }
  return tokens;
}

/** GitHub's truthiness: false, 0, '', null and undefined are falsy. */
export function truthy(value: Value): boolean {
  return !(value === false || value === 0 || value === '' || value === null || value === undefined);
}

function loose(value: Value): string | number | boolean | null {
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value;
}

function equal(a: Value, b: Value): boolean {
  const [x, y] = [loose(a), loose(b)];
  if (typeof x === 'string' && typeof y === 'string') return x.toLowerCase() === y.toLowerCase();
  if (typeof x === typeof y) return x === y;
  // Mixed types compare as numbers, as GitHub does ('' and null are 0, true is 1).
  return Number(x ?? 0) === Number(y ?? 0);
}

function lookup(path: string, contexts: Contexts): Value {
  const parts = path.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== '');
  let value: Value = contexts[parts[0]];
  if (!(parts[0] in contexts)) throw new Error(`unknown context '${parts[0]}' in ${path}`);
  for (const part of parts.slice(1)) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    value = value[part];
  }
  return value;
}

/** Evaluates one expression (the text inside `${{ }}`, or an `if:` condition). */
export function evaluate(source: string, contexts: Contexts, status = { failed: false }): Value {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const take = () => tokens[position++];

  function primary(): Value {
    const token = take();
    if (!token) throw new Error(`unexpected end of expression: ${source}`);
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'op' && token.text === '!') return !truthy(primary());
    if (token.kind === 'op' && token.text === '(') {
      const value = or();
      if (take()?.text !== ')') throw new Error(`missing ) in ${source}`);
      return value;
    }
    if (token.kind === 'word') {
      if (token.text === 'true') return true;
      if (token.text === 'false') return false;
      if (token.text === 'null') return null;
      if (token.text === 'success()') return !status.failed;
      if (token.text === 'failure()') return status.failed;
      if (token.text === 'always()') return true;
      if (token.text === 'cancelled()') return false;
      if (token.text.endsWith('()')) throw new Error(`unsupported function ${token.text} in ${source}`);
      return lookup(token.text, contexts);
    }
    throw new Error(`unexpected '${token.text}' in ${source}`);
  }
  function comparison(): Value {
    let left = primary();
    while (peek()?.text === '==' || peek()?.text === '!=') {
      const op = take().text;
      const right = primary();
      left = op === '==' ? equal(left, right) : !equal(left, right);
    }
    return left;
  }
  function and(): Value {
    let left = comparison();
    while (peek()?.text === '&&') {
      take();
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  }
  function or(): Value {
    let left = and();
    while (peek()?.text === '||') {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }
  const value = or();
  if (position !== tokens.length) throw new Error(`unexpected '${peek().text}' in ${source}`);
  return value;
}

/** The text form of a value in a string (`${{ }}` inside text): objects as JSON, null/undefined as ''. */
export function asText(value: Value): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Evaluates a `with:`/`env:` value: a string with `${{ }}` parts is interpolated; a string that is exactly
 * one expression keeps the expression's value (so booleans stay booleans between reusable workflows).
 */
export function interpolate(raw: unknown, contexts: Contexts): Value {
  if (typeof raw !== 'string') return raw as Value;
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(raw);
  if (whole && !whole[1].includes('}}')) return evaluate(whole[1], contexts);
  return raw.replace(/\$\{\{([\s\S]*?)\}\}/g, (_match, expression: string) =>
    asText(evaluate(expression, contexts)),
  );
}

/** An `if:` condition: with or without `${{ }}`, implicitly `success() && (...)` unless it calls a status function. */
export function condition(raw: unknown, contexts: Contexts, status: { failed: boolean }): boolean {
  if (raw === undefined) return !status.failed;
  if (typeof raw === 'boolean') return raw && !status.failed;
  const source = String(raw).replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1');
  const value = truthy(evaluate(source, contexts, status));
  return /\b(success|failure|always|cancelled)\(\)/.test(source) ? value : value && !status.failed;
}
