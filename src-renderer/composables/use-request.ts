import { ref, shallowRef } from 'vue';

/**
 * Progress and failure of one async action, for stores and views: `loading` while it runs,
 * `error` (whatever it threw; `ErrorAlert` and `describeError` put it in words) once it failed.
 * `run` resolves with the result, or undefined after a failure (never rejects).
 */
export function useRequest<Args extends unknown[], Result>(action: (...args: Args) => Promise<Result>) {
  const loading = ref(false);
  const error = shallowRef<unknown>();
  async function run(...args: Args): Promise<Result | undefined> {
    loading.value = true;
    error.value = undefined;
    try {
      return await action(...args);
    } catch (failure) {
      error.value = failure;
      return undefined;
    } finally {
      loading.value = false;
    }
  }
  return { loading, error, run };
}
