import { describe, expect, it } from 'vitest';
import { logSearchQuerySchema } from '../../src-shared/schemas/request-log.ts';
import { emptyLogFilters, logQueryOf } from './logs.ts';

describe('the log filters', () => {
  it('send nothing when empty, and each filter as the contract names it', () => {
    expect(logQueryOf(emptyLogFilters())).toEqual({});
    const query = logQueryOf({
      model: ' smart ',
      keyId: 'key-1',
      status: '429',
      range: [1000, 2000],
      q: ' quota ',
    });
    expect(query).toEqual({ model: 'smart', keyId: 'key-1', status: 429, from: 1000, to: 2000, q: 'quota' });
    expect(logSearchQuerySchema.safeParse(query).success).toBe(true);
  });

  it('turn "failed" and "succeeded" into the outcome, not a status', () => {
    expect(logQueryOf({ ...emptyLogFilters(), status: 'error' })).toEqual({ outcome: 'error' });
    expect(logQueryOf({ ...emptyLogFilters(), status: 'success' })).toEqual({ outcome: 'success' });
  });
});
