// Settings from the API, the store, a file or CLI flags are validated one way: one error that lists every problem.
import { z } from 'zod';

export function parseOrExplain<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new Error(`invalid ${what}:\n${z.prettifyError(r.error)}`);
  return r.data;
}
