const unreachableNetworkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);
const unreachableMessages = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /connection.*closed/i,
];

/** Walks an error and its causes (drizzle wraps driver errors). */
function* causeChain(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

/** SQLSTATE of a PostgreSQL error, when there is one. */
export function sqlState(error: unknown): string | undefined {
  for (const link of causeChain(error)) {
    if (typeof link.code === 'string' && /^[0-9A-Z]{5}$/.test(link.code)) return link.code;
  }
  return undefined;
}

export function constraintName(error: unknown): string | undefined {
  for (const link of causeChain(error)) {
    if (typeof link.constraint === 'string') return link.constraint;
  }
  return undefined;
}

/** True when the database cannot be reached (server down, connection refused or dropped, admin shutdown). */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (const link of causeChain(error)) {
    const code = typeof link.code === 'string' ? link.code : '';
    if (unreachableNetworkCodes.has(code)) return true;
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
    const message = typeof link.message === 'string' ? link.message : '';
    if (unreachableMessages.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}
