/**
 * The server process's entry as production runs it (`npm start`, `npm run demo`, the image).
 * Before the server's modules load, Node is told to keep their compiled code on disk (under the
 * system's temporary directory), so a restart skips most of compiling them: about 0.2 s of a
 * two-second start. Without a writable cache directory Node just compiles as before.
 */
import module from 'node:module';

module.enableCompileCache?.();
await import('./main.js');
