import { z } from 'zod';
import { adminHttpRoutes, type CallContext, type HttpRoute } from '../../../src-shared/contract/index.ts';
import { parseOperationInput, type ContractDispatcher } from '../../admin/create-contract-dispatcher.ts';
import type { AdminRoute, AdminRouteContext } from './admin-route.ts';
import { writeStream } from './write-stream.ts';

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

function callContextOf(context: AdminRouteContext): CallContext {
  return { principal: context.principal, clientIp: context.clientIp, transport: 'http' };
}

/**
 * The HTTP binding: one `/api` route per entry of the contract's route table, each a thin call
 * into the dispatcher (which validates the input with the operation's own schema). Streaming
 * operations are written to the answer item by item as they are produced (write-stream.ts).
 */
export function createContractRoutes(dispatcher: ContractDispatcher): AdminRoute[] {
  return adminHttpRoutes.map((route): AdminRoute => {
    const { operation } = route;
    const status = route.status ?? 200;
    const requestBody = bodySchemaOf(route);
    const description = {
      method: route.method,
      path: route.path,
      tag: operation.name.split('.')[0]!,
      summary: operation.summary,
      ...(operation.public ? { public: true } : {}),
      ...(requestBody ? { requestBody } : {}),
      status,
      errors: [...operation.errors],
    };
    if (operation.stream)
      return {
        ...description,
        async write(context, response) {
          const input = operationInputOf(route, context);
          // Validated here too: the answer's headers depend on the parsed input (`format`).
          const parsed = parseOperationInput(operation, input) as Record<string, unknown>;
          const items = dispatcher.stream(operation.name, input, callContextOf(context));
          const iterator = items[Symbol.asyncIterator]();
          // A failure before the first item is still answered as an error.
          const first = await iterator.next();
          const labels = route.streamResponse?.(parsed) ?? {
            contentType: 'application/x-ndjson; charset=utf-8',
          };
          response.status(status);
          response.setHeader('content-type', labels.contentType);
          if (labels.filename)
            response.setHeader('content-disposition', `attachment; filename="${labels.filename}"`);
          try {
            await writeStream(response, iterator, first);
          } catch (error) {
            // Too late for an error answer (the download was cut off); logged, never sent.
            dispatcher.toErrorShape(error);
          }
        },
      };
    return {
      ...description,
      ...(status === 204 ? {} : { response: operation.output }),
      handle: (context) =>
        dispatcher.call(operation.name, operationInputOf(route, context), callContextOf(context)),
    };
  });
}
