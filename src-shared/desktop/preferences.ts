import { z } from 'zod';

// Each field once, without its default, so the patch schema below cannot fill defaults in.
const port = z.number().int().min(1).max(65535);
/** An IP address of this machine to listen on: 127.0.0.1 (this computer only) or 0.0.0.0 / a LAN address. */
const bindAddress = z.union([z.ipv4(), z.ipv6()]);
const language = z.enum(['system', 'en', 'zh-CN']);
const theme = z.enum(['system', 'light', 'dark']);
/** `beta` also offers pre-releases. */
const updateChannel = z.enum(['stable', 'beta']);

/**
 * The desktop app's preferences (stored by the main process in the user-data folder, versioned,
 * migrated at start). Sharing the status page on the LAN is not one of them: it is the gateway's
 * own setting (`settings.lanStatus.enabled`), which the tray and the settings page both change, so
 * there is one truth for it.
 */
export const preferencesSchema = z.object({
  /** The main listener's port (`/v1`, `/api`, `/status`). */
  port: port.default(3000),
  bindAddress: bindAddress.default('127.0.0.1'),
  launchAtLogin: z.boolean().default(false),
  /** Start in the tray without opening the window. */
  startMinimized: z.boolean().default(false),
  language: language.default('system'),
  theme: theme.default('system'),
  updateChannel: updateChannel.default('stable'),
  /** Look for a new version at start and once a day (never downloads without asking). */
  checkForUpdates: z.boolean().default(true),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/** `preferences.update`: only the fields to change. */
export const preferencesPatchSchema = z
  .object({
    port: port.optional(),
    bindAddress: bindAddress.optional(),
    launchAtLogin: z.boolean().optional(),
    startMinimized: z.boolean().optional(),
    language: language.optional(),
    theme: theme.optional(),
    updateChannel: updateChannel.optional(),
    checkForUpdates: z.boolean().optional(),
  })
  .strict();
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;
