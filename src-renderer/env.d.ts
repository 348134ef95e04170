/// <reference types="vite/client" />
import type { DesktopBridge } from '../src-shared/contract/index.ts';

declare global {
  interface Window {
    /** The desktop preload's bridge; absent in a browser (api/index.ts picks the transport). */
    llmGateway?: DesktopBridge;
  }
}
