import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The embedded setup keeps a generated signing secret beside its data, so tokens survive a restart. */
export async function loadOrCreateJwtSecret(dataDir: string): Promise<string> {
  if (dataDir.startsWith('memory://')) return randomBytes(48).toString('base64url');
  const file = join(dataDir, 'jwt-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}
