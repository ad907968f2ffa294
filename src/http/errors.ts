import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { DomainError } from '../core/errors.js';

interface Issue {
  field: string;
  message: string;
}

const where: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

function zodIssues(e: ZodError, prefix = ''): Issue[] {
  return e.issues.flatMap((i) => {
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => ({ field: [prefix, ...i.path, k].filter(Boolean).join('.'), message: 'unknown field' }));
    }
    return [{ field: [prefix, ...i.path].filter(Boolean).join('.') || prefix || '(root)', message: i.message }];
  });
}

const summary = (issues: Issue[]) => issues.map((i) => `${i.field}: ${i.message}`).join('; ');

/** Every failure becomes JSON that names what is wrong; unknown errors are logged and answered as a bare 500. */
export function errorHandler(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const ctx = where[error.validationContext ?? ''] ?? '';
    const issues = error.validation.flatMap((v) => {
      const path = [ctx, ...v.instancePath.split('/').filter(Boolean)];
      const issue = (v.params as { issue?: { code?: string; keys?: string[] } } | undefined)?.issue;
      if (issue?.code === 'unrecognized_keys') {
        return (issue.keys ?? []).map((k) => ({ field: [...path, k].join('.'), message: 'unknown field' }));
      }
      return [{ field: path.join('.'), message: v.message ?? 'invalid' }];
    });
    return reply.status(400).send({ error: 'bad_request', message: summary(issues), issues });
  }
  if (error instanceof ZodError) {
    const issues = zodIssues(error);
    return reply.status(400).send({ error: 'bad_request', message: summary(issues), issues });
  }
  if (error instanceof DomainError) {
    const retryAfter = (error.details as { retryAfter?: number } | undefined)?.retryAfter;
    if (error.status === 429 && retryAfter) reply.header('retry-after', retryAfter);
    return reply
      .status(error.status)
      .send({ error: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return reply.status(status).send({ error: error.code ?? 'bad_request', message: error.message });
  }
  req.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ error: 'internal', message: 'internal error (logged)' });
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply) {
  reply.status(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
}
