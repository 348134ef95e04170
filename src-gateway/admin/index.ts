export {
  createAdminService,
  type AdminServiceOptions,
  type GatewayAdminService,
} from './create-admin-service.ts';
export { AdminError } from '../lib/admin-error.ts';
export { providerKeyReference } from './provider-operations.ts';
