// The steps of a request, as pure functions: what a new request is, what a step makes of it, or why the step is
// refused (the service journals the refusal and stores nothing).
import { randomUUID } from 'node:crypto';
import { badRequest, conflict, type DomainError } from '../errors.js';
import { type AccessRequest, type AccessRequestInput, type AccessStep, addMonths, FROM } from './schemas.js';

/** A request as received: due one calendar month after receipt (RGPD art. 12(3)). */
export function newRequest(input: AccessRequestInput, by: string, at: string): AccessRequest {
  return {
    id: randomUUID(),
    reference: input.reference,
    receivedOn: input.receivedOn,
    dueOn: addMonths(input.receivedOn, 1),
    extension: null,
    cameraIds: [...new Set(input.cameraIds)],
    from: new Date(input.from).toISOString(),
    to: new Date(input.to).toISOString(),
    description: input.description,
    state: 'received',
    outcome: null,
    outcomeOn: null,
    outcomeReason: null,
    createdBy: by,
    createdAt: at,
    updatedAt: at,
    history: [{ at, by, step: 'create' }],
  };
}

/** The request after the step, or why the step cannot be taken (409: the state; 400: what the step lacks). */
export function afterStep(
  cur: AccessRequest,
  s: AccessStep,
  o: { by: string; at: string; today: string },
): AccessRequest | DomainError {
  if (!FROM[s.step].includes(cur.state))
    return conflict(`cannot ${s.step} a request that is ${cur.state.replace('_', ' ')}`);
  const next: AccessRequest = { ...cur, updatedAt: o.at };
  let note: string | undefined;
  if (s.step === 'start') next.state = 'in_progress';
  else if (s.step === 'close') next.state = 'closed';
  else if (s.step === 'extend') {
    // Once: art. 12(3) allows two further months in all, not an extension after each other.
    if (cur.extension) return conflict(`the deadline was already extended to ${cur.extension.dueOn}`);
    if (!s.dueOn || !s.reason) return badRequest('an extension needs its dueOn and its reason');
    const max = addMonths(cur.dueOn, 2);
    if (s.dueOn <= cur.dueOn || s.dueOn > max)
      return badRequest(`the new deadline must be after ${cur.dueOn} and at most two months more (${max})`);
    next.extension = { dueOn: s.dueOn, reason: s.reason };
    note = `${s.dueOn}: ${s.reason}`;
  } else {
    const outcome = s.step === 'refuse' ? 'refused' : s.partial ? 'partially_answered' : 'answered';
    if (outcome !== 'answered' && !s.reason)
      return badRequest(`${outcome.replace('_', ' ')} needs its reason (what was left out or refused, and why)`);
    next.state = outcome;
    next.outcome = outcome;
    next.outcomeOn = o.today;
    next.outcomeReason = s.reason ?? null;
    note = s.reason;
  }
  next.history = [...cur.history, { at: o.at, by: o.by, step: s.step, ...(note && { note }) }];
  return next;
}
