// Changing the user's preferences from several windows (pop-outs on more monitors) and panels: each change is made on
// the centre's latest copy (read, change, write) and the changes of one window are queued, so that one window saving
// its wall does not put back another's older wall, layouts or sounds.
let queue = Promise.resolve();

/**
 * @param {(method: string, path: string, body?: unknown) => Promise<{status: number, json: any}>} api
 * @param {(prefs: object) => object} change gets a copy of the saved preferences, returns the new ones
 * @returns {Promise<{status: number, json: any}>} the PUT's answer (400 with a message: nothing was saved)
 */
export function updatePrefs(api, change) {
  const run = queue.then(async () => {
    const now = await api('GET', '/api/me/preferences');
    const next = change(structuredClone(now.status === 200 ? (now.json ?? {}) : {}));
    return api('PUT', '/api/me/preferences', next);
  });
  queue = run.catch(() => {});
  return run;
}
