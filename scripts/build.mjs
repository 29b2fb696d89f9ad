// Builds dist/entra-users.cjs: integration.yml and the envelope validator are compiled here,
// so a command run neither parses YAML nor compiles a JSON schema.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { load } from 'js-yaml';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generated = join(root, 'src', 'generated');
mkdirSync(generated, { recursive: true });

export function generate() {
  const yml = load(readFileSync(join(root, 'integration.yml'), 'utf8'));
  writeFileSync(join(generated, 'integration.json'), JSON.stringify(yml));

  const schema = JSON.parse(readFileSync(join(root, 'src', 'envelope-schema.json'), 'utf8'));
  const ajv = new Ajv({ code: { source: true, esm: true }, allErrors: false, strict: true, allowUnionTypes: true });
  ajv.addSchema(schema);
  writeFileSync(join(generated, 'envelope-validator.js'), standaloneCode(ajv, { validateEnvelope: 'envelope' }));
  writeFileSync(
    join(generated, 'envelope-validator.d.ts'),
    [
      "import type { ErrorObject } from 'ajv';",
      'export declare const validateEnvelope: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };',
      '',
    ].join('\n'),
  );
}

/**
 * Touching `fetch` or `FormData` makes Node 20 load undici (~20 ms of every start-up), and axios
 * touches both when it loads. The plugin only uses axios's http adapter with JSON and form-encoded
 * string bodies, so the fetch adapter is replaced by an empty one and axios's FormData check does
 * not read the global. A newer axios that moves that line fails the build here, not silently.
 */
const noUndiciAtStartup = {
  name: 'no-undici-at-startup',
  setup(b) {
    b.onLoad({ filter: /axios[\\/]lib[\\/]adapters[\\/]fetch\.js$/ }, () => ({
      contents: 'export const getFetch = () => undefined; export default undefined;',
      loader: 'js',
    }));
    b.onLoad({ filter: /axios[\\/]lib[\\/]utils\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const line = "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;";
      if (!source.includes(line)) throw new Error(`axios/lib/utils.js changed: update the no-undici-at-startup build plugin`);
      return { contents: source.replace(line, 'const FormDataCtor = undefined;'), loader: 'js' };
    });
  },
};

generate();
if (!process.argv.includes('--generate-only')) {
  rmSync(join(root, 'dist', 'entra-users.cjs.cache'), { force: true });
  await build({
    plugins: [noUndiciAtStartup],
    entryPoints: [join(root, 'src', 'main.ts')],
    outfile: join(root, 'dist', 'entra-users.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // The sandbox as a library, for the demo and the benchmarks (plain scripts, no TypeScript loader).
  await build({
    entryPoints: [join(root, 'src', 'sandbox', 'server.ts')],
    outfile: join(root, 'dist', 'sandbox.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
}
if (!existsSync(join(root, 'dist', 'entra-users.cjs')) && !process.argv.includes('--generate-only')) {
  throw new Error('build produced no bundle');
}
