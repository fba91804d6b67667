import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id minimum; the library's defaults are below it. Algorithm 2 is argon2id.
const parameters = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, parameters);

/** A hash of a random password, verified against when the account does not exist so timing reveals nothing. */
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoyHash ??= hashPassword('decoy-password-never-matches');
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
