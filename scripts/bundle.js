// The CLI as bin/mcpauth.js runs it: dist/cli/main.js and the small libraries every command
// needs (yargs, jsonc-parser, picocolors, …) bundled into a few files under dist/bundle/.
// Node's ESM loader spends about a millisecond and a half per module it resolves, and a run of
// `mcpauth validate` loaded some 90 modules; bundled, it loads ~25 files (esbuild splits shared code).
// Code splitting keeps each command (and the engine, the reporters, the XML path) in chunks loaded
// only when used. Libraries that only some commands load stay outside, loaded by Node when needed:
// the prompts, zod, the XML parser, ajv. dist/bundle/meta.json says which source went where (the
// tests use it to check what a command loads).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const outdir = new URL('../dist/bundle/', import.meta.url);
// Chunk names carry content hashes: chunks of an earlier build must not linger.
rmSync(outdir, { recursive: true, force: true });

/**
 * yargs finds "its" package.json (for a default --version) by walking up from the folder before
 * node_modules in its own path; bundled, that path has no node_modules and it walks up from the
 * working directory instead, listing every folder on the way and reading the user's package.json.
 * Start it at mcpauth's own package root, two folders above the bundle.
 */
const yargsStartsAtPackageRoot = {
  name: 'yargs-main-filename',
  setup(esbuild) {
    esbuild.onLoad({ filter: /yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const patched = source.replace('mainFilename: mainFilename || process.cwd(),', "mainFilename: fileURLToPath(new URL('../../', import.meta.url)),");
      if (patched === source) throw new Error(`${args.path} changed: check scripts/bundle.js's yargs patch`);
      return { contents: patched, loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: [new URL('../dist/cli/main.js', import.meta.url).pathname],
  outdir: outdir.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // jsonc-parser's "main" is a UMD build that requires its parts at run time; its ES module build bundles.
  mainFields: ['module', 'main'],
  external: ['@inquirer/*', 'zod', 'fast-xml-parser', 'ajv', 'ajv/*', 'ajv-formats'],
  // CommonJS code inside the bundle (picocolors, yargs's helpers) calls require for Node's own modules.
  banner: { js: "import { createRequire as __mcpauthCreateRequire } from 'node:module';\nconst require = __mcpauthCreateRequire(import.meta.url);" },
  // Smaller files parse faster at every start; names are kept, so --debug stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [yargsStartsAtPackageRoot],
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(new URL('meta.json', outdir), `${JSON.stringify(result.metafile, null, 1)}\n`);
