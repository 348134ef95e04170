import type { GatewayStatus } from '../gateway/create-gateway-supervisor.ts';

/** Which picture a state gets: starting looks paused (not serving yet), stopped looks paused too. */
function iconState(status: GatewayStatus): 'running' | 'paused' | 'error' {
  if (status === 'running') return 'running';
  if (status === 'error') return 'error';
  return 'paused';
}

/**
 * The tray icon file in `resources/tray/` for a state. macOS gets template images (black with
 * alpha; the menu bar tints them for light and dark, and `…Template` in the name tells it to);
 * the state shows in the shape there, not the colour. Electron picks the `@2x` file on its own.
 */
export function trayIconFile(status: GatewayStatus, platform: NodeJS.Platform): string {
  const state = iconState(status);
  if (platform === 'darwin') return `tray-${state}Template.png`;
  return `tray-${state}.png`;
}
