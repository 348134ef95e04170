import {
  createHealthTargetInput,
  healthRunSchema,
  healthTargetSchema,
  updateHealthTargetInput,
} from '../schemas/health-target.ts';
import { byId, crudOperations } from './crud-operations.ts';
import { operation } from './define-operation.ts';

/** Health targets: models or virtual models checked on a schedule while monitoring is on. */
export const healthTargets = {
  ...crudOperations({
    noun: 'health target',
    item: healthTargetSchema,
    createInput: createHealthTargetInput,
    updateInput: updateHealthTargetInput,
  }),
  run: operation({
    summary: 'Run one check now and answer the recorded run (409 while monitoring is off)',
    input: byId,
    output: healthRunSchema,
    errors: [404, 409],
  }),
};
