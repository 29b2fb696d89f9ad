import { spec, commandSpec, type ArgumentSpec, type CommandSpec } from '../spec/integration';
import { displayWidth } from './terminal-markdown';

type Out = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const paramTypes: Record<number, string> = {
  0: 'text',
  4: 'encrypted',
  8: 'checkbox',
  9: 'credentials',
  12: 'long text',
  14: 'encrypted text',
  15: 'single select',
};

/** The first sentence: up to the first `.`, `!` or `?` that ends a word. */
export function firstSentence(text: string): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  return /^(.+?[.!?])(?=\s|$)/.exec(flat)?.[1] ?? flat;
}

function summary(command: CommandSpec): string {
  // "Deprecated. Use X instead." says more than its first word; the marker already says deprecated.
  const text = command.deprecated ? command.description.replace(/^\s*Deprecated\.\s*/i, '') : command.description;
  return firstSentence(text);
}

function markers(command: CommandSpec): string {
  return [command.deprecated ? '[deprecated]' : '', command.hidden ? '[hidden]' : ''].filter(Boolean).join(' ');
}

function padRight(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Wraps at spaces to `width` columns; no wrapping when width is 0 (not a terminal). */
function wrap(text: string, width: number, indent: string): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  if (width <= indent.length + 20) return indent + flat;
  const lines: string[] = [];
  let line = '';
  for (const word of flat.split(' ')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

export function commandList(width = 0): string {
  const commands = spec.script.commands;
  const nameWidth = Math.max(...commands.map((c) => displayWidth(c.name)));
  const indent = ' '.repeat(nameWidth + 4);
  const rows = commands.map((c) => {
    const text = [markers(c), summary(c)].filter(Boolean).join(' ');
    return `  ${padRight(c.name, nameWidth)}  ${wrap(text, width, indent).slice(indent.length)}`;
  });
  return [
    `Commands of ${spec.display} (${commands.length}):`,
    ...rows,
    '',
    "Run 'entra-users help COMMAND' for its arguments and outputs, 'entra-users help params' for the instance parameters.",
  ].join('\n');
}

function argumentFacts(arg: ArgumentSpec): string {
  const facts: string[] = [];
  if (arg.required) facts.push('required');
  if (arg.defaultValue !== undefined && arg.defaultValue !== '') facts.push(`default: ${String(arg.defaultValue)}`);
  if (arg.predefined?.length) facts.push(`one of: ${arg.predefined.join(', ')}`);
  if (arg.isArray) facts.push('comma-separated list');
  if (arg.secret) facts.push('secret');
  if (arg.hidden) facts.push('hidden');
  return facts.length ? ` (${facts.join('; ')})` : '';
}

function usageLine(command: CommandSpec): string {
  const args = (command.arguments ?? []).filter((a) => !a.hidden);
  const parts = args.map((a) => (a.required ? `${a.name}=<${a.name}>` : `[${a.name}=...]`));
  return `!${[command.name, ...parts].join(' ')}`;
}

export function commandHelp(command: CommandSpec, width = 0): string {
  const out: string[] = [[command.name, markers(command)].filter(Boolean).join(' '), wrap(command.description, width, ''), ''];
  out.push('Usage:', wrap(usageLine(command), width, '  '), '');
  const args = command.arguments ?? [];
  out.push(args.length ? 'Arguments:' : 'Arguments: none');
  for (const arg of args) {
    out.push(`  ${arg.name}${argumentFacts(arg)}`);
    if (arg.description) out.push(wrap(arg.description, width, '      '));
  }
  const outputs = (command.outputs ?? []).filter((o) => o.contextPath);
  out.push('', outputs.length ? 'Context outputs:' : 'Context outputs: none');
  const pathWidth = Math.max(0, ...outputs.map((o) => displayWidth(o.contextPath ?? '')));
  const typeWidth = Math.max(0, ...outputs.map((o) => displayWidth(o.type ?? '')));
  const indent = ' '.repeat(pathWidth + typeWidth + 6);
  for (const o of outputs) {
    const head = `  ${padRight(o.contextPath ?? '', pathWidth)}  ${padRight(o.type ?? '', typeWidth)}  `;
    out.push(`${head}${wrap(o.description, width, indent).slice(indent.length)}`.trimEnd());
  }
  return out.join('\n');
}

export function paramsHelp(): string {
  const rows = spec.configuration.map((p) => {
    const facts = [paramTypes[p.type] ?? `type ${p.type}`];
    if (p.required) facts.push('required');
    if (p.defaultvalue !== undefined && p.defaultvalue !== '') facts.push(`default: ${String(p.defaultvalue)}`);
    if (p.options?.length) facts.push(`one of: ${p.options.join(', ')}`);
    if (p.hidden) facts.push('hidden, legacy');
    return { name: p.name, env: `ENTRA_USERS_${p.name.toUpperCase()}`, text: `${p.display ?? ''} (${facts.join('; ')})` };
  });
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  const envWidth = Math.max(...rows.map((r) => r.env.length));
  return [
    'Instance parameters (keys of an exec --config file, or environment variables):',
    ...rows.map((r) => `  ${r.name.padEnd(nameWidth)}  ${r.env.padEnd(envWidth)}  ${r.text}`),
    '',
    'Credentials take {identifier, password} in a config file; a plain string is the password.',
  ].join('\n');
}

/** `help [COMMAND|params]`. Returns the exit status. */
export function helpMain(argv: readonly string[], stdout: Out = process.stdout, stderr: Out = process.stderr): number {
  const [topic, extra] = argv;
  if (extra !== undefined) {
    stderr.write("Usage: entra-users help [COMMAND|params]\n");
    return 2;
  }
  const width = stdout.isTTY ? Math.min(stdout.columns ?? 100, 120) : 0;
  if (topic === undefined) {
    stdout.write(`${commandList(width)}\n`);
    return 0;
  }
  if (topic === 'params') {
    stdout.write(`${paramsHelp()}\n`);
    return 0;
  }
  const name = topic.startsWith('!') ? topic.slice(1) : topic;
  const command = commandSpec(name);
  if (!command) {
    stderr.write(`Unknown command '${name}'. Run 'entra-users help' for the list.\n`);
    return 2;
  }
  stdout.write(`${commandHelp(command, width)}\n`);
  return 0;
}
