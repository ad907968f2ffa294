/** Domain errors carry the HTTP status the API maps them to, and a message safe to show. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError(404, 'not_found', `${what} not found`);
export const forbidden = (why = 'not allowed for your role') => new DomainError(403, 'forbidden', why);
export const conflict = (why: string) => new DomainError(409, 'conflict', why);
export const badRequest = (why: string, details?: unknown) => new DomainError(400, 'bad_request', why, details);
export const unauthorized = (why = 'authentication required') => new DomainError(401, 'unauthorized', why);
