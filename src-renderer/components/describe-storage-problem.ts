import type { StorageStatus } from '../../src-shared/schemas/storage-status.ts';
import type { Translate } from './describe-error.ts';

/** Why request logs cannot be written, in the user's language (the status's `problem`). */
export function describeStorageProblem(problem: StorageStatus['problem'], t: Translate): string {
  switch (problem) {
    case 'full':
      return t('storage.problem.full');
    case 'read-only':
      return t('storage.problem.readOnly');
    case 'io':
      return t('storage.problem.io');
    case 'busy':
      return t('storage.problem.busy');
    case 'corrupt':
      return t('storage.problem.corrupt');
    default:
      return t('storage.problem.other');
  }
}
