// A worker thread that plays one policy's season: Node's workers do not inherit tsx's loader, so it is
// registered here before the TypeScript body is loaded.
import { register } from 'tsx/esm/api';

register();
await import('./policy-worker.ts');
