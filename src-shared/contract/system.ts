import { z } from 'zod';
import { gatewayStatusSchema } from '../schemas/gateway-status.ts';
import { operation } from './define-operation.ts';

/** The gateway itself: version, listener, uptime, database size. */
export const system = {
  status: operation({
    summary: "The gateway's version, bind address and port, URL, LAN URL, uptime and database size",
    input: z.object({}),
    output: gatewayStatusSchema,
    errors: [],
  }),
};
