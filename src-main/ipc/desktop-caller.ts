import type { CallContext } from '../../src-shared/contract/index.ts';
import type { Principal } from '../../src-shared/schemas/auth.ts';

/** Who the window acts as while no admin exists (createDesktopDispatcher resolves the real one). */
export const desktopPlaceholderPrincipal: Principal = {
  adminId: 'desktop',
  username: 'desktop',
  via: 'login',
};

/** The main process's own contract calls (the tray: today's requests, LAN sharing). */
export const desktopCaller: CallContext = {
  principal: desktopPlaceholderPrincipal,
  clientIp: 'ipc',
  transport: 'ipc',
};
