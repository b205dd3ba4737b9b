import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The explorer as a static site: relative URLs (`base: './'`) so it works from any folder of
 * any static host, ES module workers (the checker's fingerprint module awaits its
 * WebAssembly at the top level), and `node:v8` replaced by a stand-in, the one Node-only
 * module the checker imports. Nothing is fetched from a CDN: everything is bundled.
 */
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Vite would turn a Node built-in into an empty stub that fails only at run time, in the
 * browser: stop the build instead, naming it. Aliases apply first, so a shimmed one passes.
 */
function refuseNodeBuiltins(): Plugin {
  return {
    name: 'soffio:refuse-node-builtins',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id.startsWith('node:') || builtinModules.includes(id)) {
        this.error(`${id} (imported by ${importer ?? 'the entry'}) is a Node built-in: alias it to a shim in src/explorer/vite.config.ts`);
      }
      return null;
    },
  };
}

export default defineConfig({
  root: here('./web'),
  base: './',
  logLevel: 'warn',
  resolve: { alias: { 'node:v8': here('./shims/node-v8.ts') } },
  plugins: [refuseNodeBuiltins()],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  worker: { format: 'es', plugins: () => [refuseNodeBuiltins()], rolldownOptions: { checks: { pluginTimings: false } } },
});
