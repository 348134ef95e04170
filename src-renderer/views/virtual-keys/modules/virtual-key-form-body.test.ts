import { describe, expect, it } from 'vitest';
import { createVirtualKeyInput, updateVirtualKeyInput } from '../../../../src-shared/schemas/virtual-key.ts';
import { virtualKeyBody, virtualKeyFormValuesOf } from './virtual-key-form-body.ts';

describe('the virtual key form body', () => {
  it('leaves unset limits out of a create, and the contract accepts it', () => {
    const values = { ...virtualKeyFormValuesOf(), name: 'laptop', rpm: 60, allowedIps: [' 10.0.0.0/8 ', ''] };
    const body = virtualKeyBody(values, 'create');
    expect(body).toMatchObject({ name: 'laptop', rpm: 60, allowedIps: ['10.0.0.0/8'] });
    expect(body.tpm).toBeUndefined();
    expect(body.budgetPeriod).toBeUndefined();
    expect(createVirtualKeyInput.safeParse(body).success).toBe(true);
  });

  it('clears emptied limits, budget and expiry in an edit', () => {
    const stored = {
      id: 'vk_1',
      name: 'laptop',
      enabled: true,
      allowedModels: ['gpt'],
      rpm: 60,
      budgetUsd: 5,
      budgetPeriod: 'day' as const,
      expiresAt: '2030-01-01T00:00:00.000Z',
      allowedIps: ['10.0.0.0/8'],
      keyHint: 'abcd',
      isMonitoring: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const values = virtualKeyFormValuesOf(stored);
    expect(values).toMatchObject({
      rpm: 60,
      budgetUsd: 5,
      budgetPeriod: 'day',
      expiresAt: Date.parse(stored.expiresAt),
    });
    const body = virtualKeyBody(
      { ...values, rpm: null, budgetUsd: null, expiresAt: null, allowedIps: [] },
      'edit',
    );
    expect(body).toMatchObject({
      rpm: null,
      budgetUsd: null,
      budgetPeriod: null,
      expiresAt: null,
      allowedIps: null,
    });
    expect(updateVirtualKeyInput.safeParse(body).success).toBe(true);
  });

  it('sends the expiry as an ISO timestamp the contract accepts', () => {
    const body = virtualKeyBody(
      { ...virtualKeyFormValuesOf(), name: 'ci', expiresAt: Date.UTC(2031, 0, 2) },
      'create',
    );
    expect(body.expiresAt).toBe('2031-01-02T00:00:00.000Z');
    expect(createVirtualKeyInput.safeParse(body).success).toBe(true);
  });
});
