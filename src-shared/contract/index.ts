/** The admin contract's front door: the operations, the route table, the error shape. */
export { adminContract, type AdminContract } from './admin-contract.ts';
export * from './define-operation.ts';
export * from './error-shape.ts';
export { adminHttpRoutes, type HttpRoute, type StreamResponse } from './http-routes.ts';
