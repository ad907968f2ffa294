// Reproducible noise for tests: Park-Miller uniform numbers and Box-Muller normal ones.

export function seededRandom(seed: number) {
  let state = seed;
  const uniform = () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}
