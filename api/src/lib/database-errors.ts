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

/** The name of the constraint a PostgreSQL error is about, when there is one. */
export function constraintName(error: unknown): string | undefined {
  for (const link of causeChain(error)) {
    if (typeof link.constraint === 'string') return link.constraint;
  }
  return undefined;
}

/** The exclusion constraint that refuses two overlapping active bookings of one mediator (migration 0001). */
export const ASSIGNMENT_OVERLAP_CONSTRAINT = 'assignments_no_overlap';

/** True when the error is a violation of that constraint by name, not any constraint of its kind. */
export function violatesConstraint(error: unknown, name: string): boolean {
  const state = sqlState(error);
  return state !== undefined && state.startsWith('23') && constraintName(error) === name;
}

export interface ConstraintProblem {
  status: 409;
  code: 'MEDIATOR_BUSY' | 'CONFLICT';
  detail: string;
  errors?: { path: string; message: string }[];
}

/**
 * What a constraint violation that reached the error handler means to a client, by the constraint's
 * name: each known one names its field; another unique or exclusion violation is a plain 409 CONFLICT
 * (a concurrent write won), and its name never leaves the server. Anything else (a check or foreign
 * key the validation should have caught) is left to the 500 path, which logs it.
 */
const knownConstraints: Record<string, ConstraintProblem> = {
  [ASSIGNMENT_OVERLAP_CONSTRAINT]: {
    status: 409,
    code: 'MEDIATOR_BUSY',
    detail: 'The mediator already has an overlapping assignment',
  },
  users_email_unique: {
    status: 409,
    code: 'CONFLICT',
    detail: 'A user with this email already exists',
    errors: [{ path: 'email', message: 'is already in use' }],
  },
  users_mediator_unique: {
    status: 409,
    code: 'CONFLICT',
    detail: 'This mediator already has an account',
    errors: [{ path: 'mediatorId', message: 'already has an account' }],
  },
};

export function constraintProblem(error: unknown): ConstraintProblem | undefined {
  const state = sqlState(error);
  if (state !== '23505' && state !== '23P01') return undefined;
  const name = constraintName(error);
  return (
    (name ? knownConstraints[name] : undefined) ?? {
      status: 409,
      code: 'CONFLICT',
      detail: 'The change conflicts with data written meanwhile; read it again and retry',
    }
  );
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
