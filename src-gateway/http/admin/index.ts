export { createAdminRouter, type AdminRouterOptions } from './create-admin-router.ts';
export type { AdminRoute, AdminRouteContext } from './admin-route.ts';
export { buildOpenApiDocument } from './build-openapi-document.ts';
