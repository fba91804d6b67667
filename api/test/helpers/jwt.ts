import { createHmac } from 'node:crypto';

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a JWT by hand, so tests can forge what an attacker would: other secrets, `alg: none`, old expiries. */
export function forgeJwt(payload: object, options: { secret?: string; algorithm?: 'HS256' | 'none' } = {}): string {
  const algorithm = options.algorithm ?? 'HS256';
  const head = `${encode({ alg: algorithm, typ: 'JWT' })}.${encode(payload)}`;
  if (algorithm === 'none') return `${head}.`;
  return `${head}.${createHmac('sha256', options.secret ?? '')
    .update(head)
    .digest('base64url')}`;
}
