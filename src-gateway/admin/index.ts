export {
  createAdminService,
  type AdminServiceOptions,
  type GatewayAdminService,
} from './create-admin-service.ts';
export { AdminError } from '../lib/admin-error.ts';
export { generateVirtualKey, sha256Hex } from './virtual-key-secret.ts';
export { providerKeyReference } from './provider-operations.ts';
