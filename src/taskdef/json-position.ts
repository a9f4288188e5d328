/**
 * Finds where JSON text first stops being valid. V8's JSON.parse messages do not always carry a position
 * (`Unexpected token ',', ..."x": [1,,]" is not valid JSON`), and a file error without a line is no help.
 */

/** The offset of the first syntax error in `text` and what was expected there, or undefined when valid. */
export function jsonErrorAt(text: string): { offset: number; expected: string } | undefined {
  let index = 0;
  const fail = (expected: string): never => {
    throw { offset: index, expected };
  };
  const space = () => {
    while (index < text.length && ' \t\r\n'.includes(text[index])) index++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, index)) index += word.length;
    else fail('a value');
  };
  const string = () => {
    index++;
    while (index < text.length && text[index] !== '"') {
      if (text[index] === '\\') index++;
      else if (text.charCodeAt(index) < 0x20) fail('a closing quote');
      index++;
    }
    if (index >= text.length) fail('a closing quote');
    index++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(index));
    if (!match) fail('a value');
    else index += match[0].length;
  };
  const value = (): void => {
    space();
    const char = text[index];
    if (char === '{') return members('}', true);
    if (char === '[') return members(']', false);
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    if (char === '-' || (char >= '0' && char <= '9')) return number();
    fail('a value');
  };
  const members = (close: string, keyed: boolean): void => {
    index++;
    space();
    if (text[index] === close) {
      index++;
      return;
    }
    for (;;) {
      if (keyed) {
        space();
        if (text[index] !== '"') fail('a double-quoted property name');
        string();
        space();
        if (text[index] !== ':') fail("':'");
        index++;
      }
      value();
      space();
      if (text[index] === ',') {
        index++;
        continue;
      }
      if (text[index] === close) {
        index++;
        return;
      }
      fail(`',' or '${close}'`);
    }
  };
  try {
    value();
    space();
    if (index < text.length) fail('the end of the file');
    return undefined;
  } catch (error) {
    return error as { offset: number; expected: string };
  }
}
