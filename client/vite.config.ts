import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { CHUNK_GROUPS } from './build/chunk-groups.ts';
import { contractForBrowser } from './build/contract-for-browser.ts';
import { leftOut } from './build/left-out.ts';

// The client is a static build served by the Express app from client/dist.
// In development, Vite serves it and forwards API and Socket.IO traffic to the app on :3000.
const backend = process.env.BIRGE_DEV_BACKEND ?? 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact({ prefreshEnabled: true }), leftOut(), contractForBrowser()],
  // mediasoup-client, awaitqueue, h264-profile-level-id and socket.io-client each bring their own copy of `debug`.
  resolve: { dedupe: ['debug'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // A cheap phone on a slow network: no source maps shipped, small hashed chunks, route-level splitting.
    sourcemap: false,
    assetsInlineLimit: 2048,
    reportCompressedSize: true,
    // The server reads it to name a session page's first-frame chunks as module preloads (server/http/client-shell.ts).
    manifest: true,
    rolldownOptions: { output: { codeSplitting: { groups: CHUNK_GROUPS } } },
  },
  server: {
    port: 5173,
    // common/ lives one level up: the typed contract is shared with the server.
    fs: { allow: ['..'] },
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/media': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
});
