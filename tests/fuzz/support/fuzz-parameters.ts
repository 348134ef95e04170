/**
 * How many runs and which seed each fuzz property uses.
 *
 * `npm test` runs every property with a fixed seed and a modest number of runs, so
 * CI is repeatable and fast. `npm run fuzz` (scripts/fuzz.mjs) sets `FUZZ_SEED=random`
 * and a larger `FUZZ_RUNS`; a failure prints fast-check's seed, path and counterexample,
 * and `FUZZ_SEED=<seed> FUZZ_RUNS=<runs> npx vitest run tests/fuzz` replays it.
 *
 * - `FUZZ_SEED`: an integer, or `random` (a new seed per run, printed). Default: a fixed seed.
 * - `FUZZ_RUNS`: runs of each in-process property; end-to-end properties (real sockets) run a
 *   tenth of it. Default: each property's own CI count.
 */
import type { Parameters } from 'fast-check';

const fixedSeed = 20_261_207;

function readSeed(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') return fixedSeed;
  if (raw === 'random') return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or "random", not ${raw}`);
  return seed;
}

function readRuns(): number | undefined {
  const raw = process.env.FUZZ_RUNS;
  if (raw === undefined || raw === '') return undefined;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`FUZZ_RUNS must be a positive integer, not ${raw}`);
  return runs;
}

/** One seed for the whole process, so every property of a run can be replayed with it. */
export const fuzzSeed = readSeed();
const requestedRuns = readRuns();

/** Whether this is a long fuzzing run (`npm run fuzz`) rather than the CI one. */
export const longFuzzing = requestedRuns !== undefined;

/** A test's timeout: the CI runs are short; a long run may take minutes. */
export const fuzzTimeoutMs = longFuzzing ? 60 * 60 * 1000 : 20_000;

if (process.env.FUZZ_SEED === 'random')
  console.log(`fuzz seed: ${fuzzSeed} (replay with FUZZ_SEED=${fuzzSeed})`);

/**
 * fast-check parameters for one property: `ciRuns` in `npm test`, `FUZZ_RUNS` (or a tenth
 * of it for `kind: 'end-to-end'`) in a long run.
 */
export function fuzzParameters<T>(
  ciRuns: number,
  kind: 'in-process' | 'end-to-end' = 'in-process',
): Parameters<T> {
  const numRuns =
    requestedRuns === undefined
      ? ciRuns
      : kind === 'end-to-end'
        ? Math.max(ciRuns, Math.ceil(requestedRuns / 10))
        : Math.max(ciRuns, requestedRuns);
  return { seed: fuzzSeed, numRuns };
}
