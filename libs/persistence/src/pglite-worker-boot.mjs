// Worker threads start without the parent's TypeScript loader: register it, then load the
// worker written in TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');
