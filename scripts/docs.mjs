// Writes docs/commands.md from integration.yml and scripts/permissions.json (`npm run docs`).
// `--check` writes nothing and exits 1 when the file on disk is stale.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { load } from 'js-yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const docsPath = join(root, 'docs', 'commands.md');

/** Example values by argument name; an argument not listed here shows as <name>. */
const exampleValues = {
  user: 'adele@contoso.com',
  user_id: 'adele@contoso.com',
  user_mail: 'adele@contoso.com',
  user_principal_name: 'adele@contoso.com',
  manager: 'alex@contoso.com',
  display_name: 'Adele Vance',
  mail_nickname: 'adele',
  updated_fields: 'jobTitle=Engineer',
};

/** Optional arguments worth showing in the example of some commands. */
const exampleExtras = {
  'msgraph-user-get': { properties: 'displayName,mail' },
  'msgraph-user-list': { filter: "startswith(displayName,'A')", limit: '10' },
  'msgraph-user-update': { updated_fields: 'jobTitle=Engineer,mobilePhone=050123456' },
  'msgraph-user-account-disable': { revoke_sessions: 'true' },
  'msgraph-user-tap-policy-create': { lifetime_in_minutes: '60' },
};

function quoteValue(value) {
  if (value !== '' && !/[\s"'\\]/.test(value)) return value;
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function exampleOf(command) {
  const args = {};
  for (const arg of command.arguments ?? []) {
    const hasDefault = arg.defaultValue !== undefined && arg.defaultValue !== '';
    if (arg.required && !arg.hidden && !hasDefault) args[arg.name] = exampleValues[arg.name] ?? `<${arg.name}>`;
  }
  Object.assign(args, exampleExtras[command.name] ?? {});
  const parts = Object.entries(args).map(([name, value]) => `${name}=${value.startsWith('<') ? value : quoteValue(value)}`);
  return `!${[command.name, ...parts].join(' ')}`;
}

function cell(text) {
  return String(text ?? '')
    .trim()
    .replace(/</g, '&lt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

function table(headers, rows) {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function firstSentence(text) {
  const flat = text.trim().replace(/\s+/g, ' ');
  return /^(.+?[.!?])(?=\s|$)/.exec(flat)?.[1] ?? flat;
}

function argumentsSection(command) {
  const args = command.arguments ?? [];
  if (args.length === 0) return 'None.';
  const rows = args.map((a) => {
    const saysList = /\blist\b/i.test(a.description ?? '');
    const notes = [a.isArray && !saysList ? 'A comma-separated list.' : '', a.secret ? 'Secret: never logged.' : '', a.hidden ? 'Hidden.' : ''];
    return [
      `\`${a.name}\``,
      a.required ? 'yes' : 'no',
      a.defaultValue === undefined || a.defaultValue === '' ? '' : `\`${a.defaultValue}\``,
      (a.predefined ?? []).join(', '),
      [a.description, ...notes].filter(Boolean).join(' '),
    ];
  });
  return table(['Argument', 'Required', 'Default', 'Allowed values', 'Description'], rows);
}

function outputsSection(command) {
  const outputs = (command.outputs ?? []).filter((o) => o.contextPath);
  if (outputs.length === 0) return 'None.';
  return table(['Path', 'Type', 'Description'], outputs.map((o) => [`\`${o.contextPath}\``, o.type ?? '', o.description]));
}

function permissionsSection(name, permissions) {
  const entry = permissions[name];
  if (!entry) throw new Error(`scripts/permissions.json has no entry for ${name}`);
  const list = (values) => (values.length ? values.map((v) => `\`${v}\``).join(', ') : 'none');
  const rows = [['Application (least privileged)', list(entry.application ?? [])]];
  if (entry.delegated) rows.push(['Delegated (authorization-code flow)', list(entry.delegated)]);
  const out = [table(['Permission type', 'Microsoft Graph permissions'], rows)];
  if (entry.note) out.push('', entry.note);
  return out.join('\n');
}

function commandSection(command, permissions) {
  const flags = [command.deprecated ? '**Deprecated.**' : '', command.hidden ? '**Hidden** in the SOAR platform.' : ''].filter(Boolean);
  const description = command.deprecated ? command.description.replace(/^\s*Deprecated\.\s*/i, '') : command.description;
  return [
    `## ${command.name}`,
    '',
    ...(flags.length ? [flags.join(' '), ''] : []),
    description.trim(),
    '',
    '### Example',
    '',
    '```',
    exampleOf(command),
    '```',
    '',
    '### Arguments',
    '',
    argumentsSection(command),
    '',
    '### Context outputs',
    '',
    outputsSection(command),
    '',
    '### Required permissions',
    '',
    permissionsSection(command.name, permissions),
    '',
  ].join('\n');
}

/** The whole of docs/commands.md; pure, so a test can compare it with the file. */
export function renderCommandsDoc(integration, permissions) {
  const commands = integration.script.commands;
  const names = new Set(commands.map((c) => c.name));
  const extra = Object.keys(permissions).filter((name) => !names.has(name));
  if (extra.length) throw new Error(`scripts/permissions.json names commands integration.yml lacks: ${extra.join(', ')}`);
  const index = table(
    ['Command', 'Description'],
    commands.map((c) => [`[${c.name}](#${c.name})`, `${c.deprecated ? 'Deprecated. ' : ''}${firstSentence(c.deprecated ? c.description.replace(/^\s*Deprecated\.\s*/i, '') : c.description)}`]),
  );
  return [
    `# ${integration.display}: commands`,
    '',
    '<!-- Generated by `npm run docs` from integration.yml and scripts/permissions.json. Do not edit. -->',
    '',
    "Each example runs from a terminal as `entra-users exec '<example>'` (see `entra-users exec --help`),",
    'or in a war room as is. `entra-users help COMMAND` shows the same facts.',
    '',
    'Permissions are the Microsoft Graph application permissions Microsoft documents as least privileged',
    'for the requests each command sends (client-credentials, certificate and managed-identity flows).',
    '',
    index,
    '',
    ...commands.map((c) => commandSection(c, permissions)),
  ].join('\n');
}

export function loadInputs() {
  return {
    integration: load(readFileSync(join(root, 'integration.yml'), 'utf8')),
    permissions: JSON.parse(readFileSync(join(root, 'scripts', 'permissions.json'), 'utf8')),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { integration, permissions } = loadInputs();
  const text = renderCommandsDoc(integration, permissions);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(docsPath, 'utf8');
    } catch {
      current = '';
    }
    if (current !== text) {
      console.error('docs/commands.md is stale: run npm run docs.');
      process.exit(1);
    }
  } else {
    mkdirSync(dirname(docsPath), { recursive: true });
    writeFileSync(docsPath, text);
    console.error(`Wrote ${docsPath} (${integration.script.commands.length} commands).`);
  }
}
