import path from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import { buildTrayMenu, trayTooltip, type TrayActions, type TrayView } from './build-tray-menu.ts';
import { trayIconFile } from './tray-icon-file.ts';

export interface TrayController {
  /** Show a new state (menu, tooltip and icon follow). */
  update(view: TrayView): void;
  destroy(): void;
}

/** The tray icon and its menu, rebuilt from the view on every change. */
export function createTrayController(options: {
  iconDirectory: string;
  platform: NodeJS.Platform;
  view: TrayView;
  actions: TrayActions;
}): TrayController {
  const image = (view: TrayView) => {
    const icon = nativeImage.createFromPath(
      path.join(options.iconDirectory, trayIconFile(view.status, options.platform)),
    );
    if (options.platform === 'darwin') icon.setTemplateImage(true);
    return icon;
  };
  const tray = new Tray(image(options.view));
  let shownIcon = trayIconFile(options.view.status, options.platform);

  const update = (view: TrayView) => {
    const file = trayIconFile(view.status, options.platform);
    if (file !== shownIcon) {
      tray.setImage(image(view));
      shownIcon = file;
    }
    tray.setToolTip(trayTooltip(view));
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(view, options.actions)));
  };
  update(options.view);
  // Windows and Linux: a left click opens the dashboard (the menu is on the right button).
  if (options.platform !== 'darwin') tray.on('click', () => options.actions.openDashboard());

  return { update, destroy: () => tray.destroy() };
}
