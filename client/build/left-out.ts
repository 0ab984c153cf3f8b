import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Library modules a bundler keeps although our browser code never runs them, replaced in the
 * client build by modules that throw if they are ever reached.
 *
 * - mediasoup-client's entry is CommonJS, so a bundler keeps all it requires, and it requires
 *   three things a browser never runs: the React Native handler (chosen only when
 *   `navigator.product` is 'ReactNative'), and the fake handler with its test parameters
 *   (exported for Node tests). Together they are about a sixth of the library.
 * - engine.io-client registers its WebTransport transport with the others. The client asks for
 *   WebSocket and HTTP long-polling only (client/src/api/socket.ts: `transports`), and the server
 *   offers no WebTransport, so it is never chosen.
 *
 * The build fails if one of them is no longer where it was, so an upgrade that moves them is
 * noticed rather than quietly bundled.
 */
const LEFT_OUT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'mediasoup-client': {
    'lib/handlers/ReactNative106': 'export const ReactNative106 = { createFactory: unavailable };',
    'lib/handlers/FakeHandler': 'export const FakeHandler = { createFactory: unavailable };',
    'lib/test/fakeParameters': 'export const generateRouterRtpCapabilities = unavailable;',
  },
  'engine.io-client': {
    'build/esm/transports/webtransport': 'export class WT { constructor() { unavailable(); } }',
  },
};
const PREFIX = '\0left-out:';
const PACKAGE = new RegExp(`/node_modules/(${Object.keys(LEFT_OUT).map((p) => p.replace(/\./g, '\\.')).join('|')})/(.*)$`);

export function leftOut(): Plugin {
  const replaced = new Set<string>();
  return {
    name: 'birge:left-out',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const lib = importer.split(path.sep).join('/').match(PACKAGE);
      if (!lib) return null;
      const file = path.posix.normalize(path.posix.join(path.posix.dirname(lib[2]!), source)).replace(/\.js$/, '');
      if (!(file in LEFT_OUT[lib[1]!]!)) return null;
      const key = `${lib[1]}/${file}`;
      replaced.add(key);
      return PREFIX + key;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const key = id.slice(PREFIX.length);
      const pkg = Object.keys(LEFT_OUT).find((p) => key.startsWith(`${p}/`))!;
      return `function unavailable() { throw new Error('${key} is not in the browser build'); }\n${LEFT_OUT[pkg]![key.slice(pkg.length + 1)]}\n`;
    },
    buildEnd(error) {
      if (error) return;
      const missing = Object.entries(LEFT_OUT).flatMap(([pkg, files]) => Object.keys(files).map((f) => `${pkg}/${f}`)).filter((k) => !replaced.has(k));
      if (missing.length) this.error(`no longer imported where expected: ${missing.join(', ')}; update client/build/left-out.ts`);
    },
  };
}
