// `pnpm start` / `npm start`: install and build what is missing, then run Ponte (API + built SPA) on PORT.
import { ensureBuilt, ensureDependencies, root } from './toolchain.mjs';

// The quick start prints the banner, the demo sign-ins and readable warnings; set LOG_LEVEL=info (and
// LOG_FORMAT=json) to see every request.
process.env.LOG_LEVEL ??= 'warn';
if (process.env.NODE_ENV !== 'production') process.env.LOG_FORMAT ??= 'pretty';

ensureDependencies();
ensureBuilt();
process.chdir(root);
await import('../api/dist/server.js');
