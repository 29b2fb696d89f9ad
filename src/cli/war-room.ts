/** A war-room command line: `!name key=value key="quoted value" key='single'`. */
export interface WarRoomCommand {
  command: string;
  args: Record<string, string>;
}

/** Bad syntax typed at the terminal; the message is one line meant for a person. */
export class WarRoomSyntaxError extends Error {
  override readonly name = 'WarRoomSyntaxError';
}

const doubleQuoteEscapes: Record<string, string> = { '"': '"', '\\': '\\' };

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/** Reads the characters of a line one token at a time. */
class Scanner {
  pos = 0;

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  get ch(): string | undefined {
    return this.text[this.pos];
  }

  skipSpace(): void {
    while (isSpace(this.ch)) this.pos++;
  }

  /** Up to the next whitespace or `stop` character (not consumed). */
  word(stop = ''): string {
    const start = this.pos;
    while (!this.done && !isSpace(this.ch) && !stop.includes(this.ch ?? '')) this.pos++;
    return this.text.slice(start, this.pos);
  }

  quoted(key: string): string {
    const quote = this.ch;
    this.pos++;
    let value = '';
    for (;;) {
      const ch = this.ch;
      if (ch === undefined) {
        throw new WarRoomSyntaxError(`Unbalanced quote: the value of '${key}' opens with ${quote} but is never closed.`);
      }
      this.pos++;
      if (ch === quote) return value;
      if (quote === '"' && ch === '\\' && !this.done) {
        const next = this.ch ?? '';
        // Any other backslash is kept, so a Windows path in double quotes reads as typed.
        value += doubleQuoteEscapes[next] ?? `\\${next}`;
        this.pos++;
      } else {
        value += ch;
      }
    }
  }
}

function parseValue(scanner: Scanner, key: string): string {
  if (scanner.ch !== '"' && scanner.ch !== "'") return scanner.word();
  const value = scanner.quoted(key);
  if (!scanner.done && !isSpace(scanner.ch)) {
    throw new WarRoomSyntaxError(`Unexpected text after the closing quote of '${key}': put a space between arguments.`);
  }
  return value;
}

/**
 * Parses one war-room line. The leading `!` is optional; a repeated key keeps its last value;
 * double quotes take the escapes \" and \\, single quotes take the text as is.
 */
export function parseWarRoom(line: string): WarRoomCommand {
  const scanner = new Scanner(line);
  scanner.skipSpace();
  if (scanner.ch === '!') scanner.pos++;
  const command = scanner.word();
  if (command === '') throw new WarRoomSyntaxError('No command given: expected !command-name key=value ...');
  if (/["'=]/.test(command)) throw new WarRoomSyntaxError(`'${command}' is not a command name.`);
  const args: Record<string, string> = {};
  for (;;) {
    scanner.skipSpace();
    if (scanner.done) break;
    const key = scanner.word('=');
    if (scanner.ch !== '=') {
      const token = key + scanner.word();
      throw new WarRoomSyntaxError(`Expected key=value, got '${token}'.`);
    }
    if (key === '' || /["']/.test(key)) throw new WarRoomSyntaxError(`An argument name is missing or quoted before '='.`);
    scanner.pos++;
    args[key] = parseValue(scanner, key);
  }
  return { command, args };
}

/**
 * Words already split by the shell (`exec name key=value ...`): the first is the command, each
 * other one splits at its first `=`, and values are taken literally.
 */
export function fromWords(words: readonly string[]): WarRoomCommand {
  const [first = '', ...rest] = words;
  const command = first.startsWith('!') ? first.slice(1) : first;
  if (command === '' || /[\s"'=]/.test(command)) throw new WarRoomSyntaxError(`'${first}' is not a command name.`);
  const args: Record<string, string> = {};
  for (const word of rest) {
    const at = word.indexOf('=');
    if (at <= 0) throw new WarRoomSyntaxError(`Expected key=value, got '${word}'.`);
    args[word.slice(0, at)] = word.slice(at + 1);
  }
  return { command, args };
}
