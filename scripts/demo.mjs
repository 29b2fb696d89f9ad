// The README's first command: an incident-response story against the built-in sandbox, through
// the real `bin/entra-users run`, one process per command as a SOAR engine runs it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'entra-users');
const bundle = join(root, 'dist', 'entra-users.cjs');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).filter((n) => n !== 'generated').map((n) => newestMtime(join(path, n))));
}

function buildIfNeeded() {
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'integration.yml')));
  if (existsSync(bundle) && existsSync(join(root, 'dist', 'sandbox.cjs')) && statSync(bundle).mtimeMs >= sources) return;
  console.log('Building…');
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

buildIfNeeded();
const { startSandbox } = createRequire(import.meta.url)(join(root, 'dist', 'sandbox.cjs'));
const sandbox = await startSandbox();
const outputDir = join(root, '.sandbox-out');
mkdirSync(outputDir, { recursive: true });

let integrationContext = {};
let failures = 0;
let processes = 0;

/** Runs the real executable; asynchronously, since the sandbox answers from this very process. */
function runProcess(envelope) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['run'], { env: { ...process.env, NODE_EXTRA_CA_CERTS: sandbox.caCertPath } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(JSON.stringify(envelope));
  });
}

async function run(command, args = {}) {
  processes += 1;
  const envelope = { command, args, params: sandbox.params, integrationContext, outputDir };
  const child = await runProcess(envelope);
  if (child.status === 2 || !child.stdout) throw new Error(`entra-users run failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout);
  integrationContext = result.integrationContext;
  const shown = Object.entries(args).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
  console.log(`\n> !${command} ${shown}\n`);
  for (const entry of result.entries) {
    if (entry.Type === 1) console.log(entry.HumanReadable);
    else if (entry.Type === 3) console.log(`[file] ${entry.File} written to ${join(outputDir, entry.FileID)}`);
    else {
      failures += 1;
      console.log(`[error] ${entry.Contents}`);
    }
  }
  return result;
}

const user = 'adele.vance@contoso.com';
try {
  console.log(`Sandbox Microsoft Graph at ${sandbox.url} (a local emulator; nothing leaves this machine).`);
  console.log('Story: a phishing report names Adele Vance. Find her, look around, contain the account, and hand her a Temporary Access Pass.');
  await run('msgraph-user-list', { filter: "startswith(displayName,'Adele')" });
  await run('msgraph-user-get', { user, properties: 'id,displayName,jobTitle,mail,accountEnabled,officeLocation' });
  await run('msgraph-user-get-manager', { user });
  await run('msgraph-user-get-groups', { user });
  await run('msgraph-user-get-auth-methods', { user });
  await run('msgraph-user-account-disable', { user, revoke_sessions: 'true' });
  await run('msgraph-user-get', { user, properties: 'displayName,accountEnabled' });
  await run('msgraph-user-tap-policy-create', { user_id: user, zip_password: 'Demo-Zip-Passw0rd!', lifetime_in_minutes: '60' });
  console.log(`\nToken requests made by ${processes} processes: ${sandbox.tokensIssued} (the encrypted token cache carried the rest).`);
  console.log(`Files written under ${outputDir}. Open the zip with 7-Zip and the password Demo-Zip-Passw0rd!.`);
} finally {
  await sandbox.close();
}
process.exitCode = failures ? 1 : 0;
