import type { ContractDispatcher } from '../../src-gateway/admin/create-contract-dispatcher.ts';
import type { Gateway } from '../../src-gateway/index.ts';
import { AdminError } from '../../src-gateway/lib/admin-error.ts';
import { adminContract, operationsOf, type ErrorShape } from '../../src-shared/contract/index.ts';
import type { Principal } from '../../src-shared/schemas/auth.ts';
import { desktopPlaceholderPrincipal as placeholder } from './desktop-caller.ts';

/** Operations that act as one admin (its tokens, its password, its sessions). */
const perAdminOperations = new Set(['auth.me', 'auth.logout', 'auth.changePassword', 'apiTokens.create']);

/**
 * The window's contract calls, to whichever gateway runs now (pause and restart replace it), as
 * the local admin. The desktop window has no login: the person at the computer owns the app. It
 * acts as the oldest admin; before any admin exists (they are for the browser and scripts) it may
 * still do everything except the per-admin operations, which answer 409 until `auth.setup` made one.
 */
export function createDesktopDispatcher(options: {
  gateway(): Gateway | undefined;
  /** Why there is no gateway to answer (the start failed): said in the 503. */
  unavailableReason(): string;
}): ContractDispatcher {
  let admin: Principal | undefined;

  async function principal(gateway: Gateway, operationName: string): Promise<Principal> {
    admin ??= await gateway.localAdmin();
    if (admin) return admin;
    if (perAdminOperations.has(operationName))
      throw new AdminError(409, 'admin_required', 'No admin exists yet; create one first (auth.setup)');
    return placeholder;
  }

  function current(): Gateway {
    const gateway = options.gateway();
    if (!gateway) throw new AdminError(503, 'gateway_unavailable', options.unavailableReason());
    return gateway;
  }

  return {
    operations: operationsOf(adminContract),
    async call(name, input, context) {
      const gateway = current();
      return gateway.admin.call(name, input, { ...context, principal: await principal(gateway, name) });
    },
    stream(name, input, context) {
      // Synchronous like the gateway's own (bad input fails the call, not the first batch); streams
      // (log export) are not per-admin, so the admin need not be looked up first.
      return current().admin.stream(name, input, { ...context, principal: admin ?? placeholder });
    },
    toErrorShape(error): ErrorShape {
      const gateway = options.gateway();
      if (gateway) return gateway.admin.toErrorShape(error);
      if (error instanceof AdminError)
        return { status: error.status, code: error.code, message: error.message };
      return { status: 500, code: 'internal_error', message: 'Internal error' };
    },
  };
}
