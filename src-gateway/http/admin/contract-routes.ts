import { z } from 'zod';
import { adminHttpRoutes, type HttpRoute } from '../../../src-shared/contract/index.ts';
import type { ContractDispatcher } from '../../admin/create-contract-dispatcher.ts';
import type { AdminRoute, AdminRouteContext } from './admin-route.ts';

/** The operation's input from an HTTP request: path and query parameters by name, the body as `body`. */
export function operationInputOf(route: HttpRoute, context: AdminRouteContext): Record<string, unknown> {
  const query = context.request.query as Record<string, unknown>;
  const input: Record<string, unknown> = { ...query, ...context.params };
  if (route.method === 'post' || route.method === 'patch') input.body = context.body ?? {};
  return input;
}

/** The `body` field of an operation's input schema, for the OpenAPI request body. */
function bodySchemaOf(route: HttpRoute): z.ZodType | undefined {
  const input = route.operation.input;
  return input instanceof z.ZodObject ? (input.shape as Record<string, z.ZodType>).body : undefined;
}

/**
 * The HTTP binding: one `/api` route per entry of the contract's route table, each a thin call
 * into the dispatcher (which validates the input with the operation's own schema).
 */
export function createContractRoutes(dispatcher: ContractDispatcher): AdminRoute[] {
  return adminHttpRoutes.map((route): AdminRoute => {
    const status = route.status ?? 200;
    const requestBody = bodySchemaOf(route);
    return {
      method: route.method,
      path: route.path,
      tag: route.operation.name.split('.')[0]!,
      summary: route.operation.summary,
      ...(route.operation.public ? { public: true } : {}),
      ...(requestBody ? { requestBody } : {}),
      status,
      ...(status === 204 ? {} : { response: route.operation.output }),
      errors: [...route.operation.errors],
      handle: (context) =>
        dispatcher.call(route.operation.name, operationInputOf(route, context), {
          principal: context.principal,
          clientIp: context.clientIp,
          transport: 'http',
        }),
    };
  });
}
