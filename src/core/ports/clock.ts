/** Time as a port so that tests can move it (rate-limit windows, session expiry). */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
