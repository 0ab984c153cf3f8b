import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * mediasoup-client's entry is CommonJS, so a bundler keeps all it requires, and it requires three
 * things a browser never runs: the React Native handler (chosen only when `navigator.product` is
 * 'ReactNative'), and the fake handler with its test parameters (exported for Node tests). Together
 * they are about a sixth of the library. The browser build replaces each with a module that
 * throws if it is ever reached; the build fails if one of them is no longer where it was, so an
 * upgrade of mediasoup-client that moves them is noticed rather than quietly bundled.
 */
const LEFT_OUT: Readonly<Record<string, string>> = {
  'handlers/ReactNative106': 'export const ReactNative106 = { createFactory: unavailable };',
  'handlers/FakeHandler': 'export const FakeHandler = { createFactory: unavailable };',
  'test/fakeParameters': 'export const generateRouterRtpCapabilities = unavailable;',
};
const PREFIX = '\0mediasoup-left-out:';

export function mediasoupBrowserOnly(): Plugin {
  const replaced = new Set<string>();
  return {
    name: 'birge:mediasoup-browser-only',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const lib = importer.split(path.sep).join('/').match(/\/node_modules\/mediasoup-client\/lib\/(.*)$/);
      if (!lib) return null;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(lib[1]!), source)).replace(/\.js$/, '');
      if (!(target in LEFT_OUT)) return null;
      replaced.add(target);
      return PREFIX + target;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length);
      return `function unavailable() { throw new Error('mediasoup-client: ${name} is not in the browser build'); }\n${LEFT_OUT[name]}\n`;
    },
    buildEnd(error) {
      if (error) return;
      const missing = Object.keys(LEFT_OUT).filter((k) => !replaced.has(k));
      if (missing.length) this.error(`mediasoup-client no longer requires ${missing.join(', ')} where expected: update client/build/mediasoup-browser-only.ts`);
    },
  };
}
