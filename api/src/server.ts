import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DEMO_PASSWORD, demoUsers } from './db/demo-data.js';

async function main() {
  const config = loadConfig();
  const app = await buildApp({ config });
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info(`${signal ?? 'close'} received, finishing in-flight requests`);
    await app.close();
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const lines = [`Ponte is running at http://${shownHost}:${port}  (API docs: /docs)`];
  if (config.seed === 'demo') {
    lines.push(`Demo sign-ins (password "${DEMO_PASSWORD}"):`);
    for (const user of demoUsers) lines.push(`  ${user.role.padEnd(12)} ${user.email}`);
    lines.push('  mediator     mediatrice@ponte.demo, mediatore@ponte.demo');
  }
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Ponte could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
