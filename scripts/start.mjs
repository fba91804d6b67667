// `pnpm start` / `npm start`: install and build what is missing, then run Ponte (API + built SPA) on PORT.
import { ensureBuilt, ensureDependencies, root } from './toolchain.mjs';

ensureDependencies();
ensureBuilt();
process.chdir(root);
await import('../api/dist/server.js');
