/** Naive UI's dark theme on its own (`theme/dark-theme.ts` loads it when first needed). */
declare module 'naive-ui/es/themes/dark' {
  import type { GlobalTheme } from 'naive-ui';

  export const darkTheme: GlobalTheme;
}
