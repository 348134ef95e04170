/** The admin contract's front door: the operations, the route table, the error shape. */
export { adminContract, type AdminContract } from './admin-contract.ts';
export * from './define-operation.ts';
export * from './error-shape.ts';
export { adminHttpRoutes, type HttpRoute, type StreamResponse } from './http-routes.ts';
export { createHttpClient, httpRequestOf, type HttpClientOptions } from './create-http-client.ts';
export { createIpcClient, type IpcInvoke } from './create-ipc-client.ts';
export { subscribeHttpEvents, type HttpEventsOptions } from './subscribe-http-events.ts';
export { subscribeIpcEvents } from './subscribe-ipc-events.ts';
export {
  desktopBridgeName,
  invokeThroughBridge,
  type BridgeMethod,
  type DesktopBridge,
} from './desktop-bridge.ts';
export {
  adminEventNames,
  adminEvents,
  type AdminEvent,
  type AdminEventData,
  type AdminEventName,
} from './events.ts';
