export { createAuthService, type AuthService, type AuthServiceOptions } from './create-auth-service.ts';
export { hashPassword, verifyPassword } from './password-hash.ts';
export { createSetupCode } from './create-setup-code.ts';
