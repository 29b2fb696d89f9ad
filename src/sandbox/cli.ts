import { startSandbox, type SandboxOptions } from './server';

const USAGE = 'usage: entra-users sandbox [--port N] [--users N] [--seed N] [--imds-port N]';
const FLAGS: Record<string, 'port' | 'users' | 'seed' | 'imdsPort'> = { '--port': 'port', '--users': 'users', '--seed': 'seed', '--imds-port': 'imdsPort' };

function parseArgs(argv: string[]): SandboxOptions | string {
  const options: SandboxOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag = '', inline] = (argv[i] as string).split(/=(.*)/s);
    const key = FLAGS[flag];
    if (!key) return `Unknown option '${argv[i]}'.`;
    const value = inline ?? argv[++i];
    if (value === undefined || !/^\d+$/.test(value)) return `Option ${flag} needs a whole number.`;
    options[key] = Number(value);
  }
  if ((options.port ?? 0) > 65535 || (options.imdsPort ?? 0) > 65535) return 'A port must be at most 65535.';
  return options;
}

/** `entra-users sandbox`: runs the local Graph + login + IMDS emulator until SIGINT or SIGTERM. */
export async function sandboxMain(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n${USAGE}\n`);
    return 2;
  }
  const started = Date.now();
  const sandbox = await startSandbox(options);
  process.stdout.write(`${JSON.stringify(sandbox.params)}\n`);
  process.stdout.write(
    `Sandbox ready in ${Date.now() - started} ms: Graph and login on ${sandbox.url}, IMDS on ${sandbox.imdsUrl}; ` +
      `trust it with NODE_EXTRA_CA_CERTS=${sandbox.caCertPath} (managed identity: AZURE_POD_IDENTITY_AUTHORITY_HOST=${sandbox.imdsUrl}); Ctrl+C stops it.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sandbox.close();
  return 0;
}
