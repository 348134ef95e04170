// `npm run fuzz`: the property tests of tests/fuzz with a random seed (printed) and many more runs.
// `npm run fuzz -- 5000` sets the runs per property; FUZZ_SEED=<seed> replays a failure.
import { spawnSync } from 'node:child_process';

const runs = process.argv[2] ?? process.env.FUZZ_RUNS ?? '2000';
const seed = process.env.FUZZ_SEED ?? String((Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0);
console.log(`fuzzing with FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`);
const result = spawnSync('npx', ['vitest', 'run', 'tests/fuzz'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs },
});
if (result.status !== 0)
  console.log(`fuzzing failed; replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npx vitest run tests/fuzz`);
process.exit(result.status ?? 1);
