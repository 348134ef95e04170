import { listOf } from '../../../src-shared/schemas/common.ts';
import {
  createHealthTargetInput,
  healthRunSchema,
  healthTargetSchema,
  updateHealthTargetInput,
} from '../../../src-shared/schemas/health-target.ts';
import type { HealthTargetOperations } from '../../health/health-target-operations.ts';
import type { AdminRoute } from './admin-route.ts';

const tag = 'health-targets';

/** `/api/health-targets`: the five resource routes plus `POST /:id/run`. */
export function createHealthTargetRoutes(operations: HealthTargetOperations): AdminRoute[] {
  return [
    {
      method: 'get',
      path: '/health-targets',
      tag,
      summary: 'List health targets',
      status: 200,
      response: listOf(healthTargetSchema),
      handle: async () => ({ data: await operations.listHealthTargets() }),
    },
    {
      method: 'post',
      path: '/health-targets',
      tag,
      summary: 'Create a health target (a model or virtual model checked on a schedule)',
      requestBody: createHealthTargetInput,
      status: 201,
      response: healthTargetSchema,
      errors: [400, 409],
      handle: ({ body }) => operations.createHealthTarget(body),
    },
    {
      method: 'get',
      path: '/health-targets/:id',
      tag,
      summary: 'Get a health target',
      status: 200,
      response: healthTargetSchema,
      errors: [404],
      handle: ({ params }) => operations.getHealthTarget(params.id!),
    },
    {
      method: 'patch',
      path: '/health-targets/:id',
      tag,
      summary: 'Update a health target (only the given fields; null clears an optional field)',
      requestBody: updateHealthTargetInput,
      status: 200,
      response: healthTargetSchema,
      errors: [400, 404, 409],
      handle: ({ params, body }) => operations.updateHealthTarget(params.id!, body),
    },
    {
      method: 'delete',
      path: '/health-targets/:id',
      tag,
      summary: 'Delete a health target and its runs',
      status: 204,
      errors: [404],
      handle: ({ params }) => operations.deleteHealthTarget(params.id!),
    },
    {
      method: 'post',
      path: '/health-targets/:id/run',
      tag,
      summary: 'Run one check now and answer the recorded run (409 while monitoring is off)',
      status: 200,
      response: healthRunSchema,
      errors: [404, 409],
      handle: ({ params }) => operations.runHealthTarget(params.id!),
    },
  ];
}
