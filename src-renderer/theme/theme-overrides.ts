import type { GlobalThemeOverrides } from 'naive-ui';

/**
 * Naive UI's colours adjusted so every text meets WCAG AA (4.5:1) in both themes: its default
 * green, amber and red are 3.4:1, 1.9:1 and 3.9:1 as text on white or on their own tints, and its
 * placeholders 1.8:1 (light) and 3.3:1 (dark). tests/e2e/ui-contrast.test.ts measures every page.
 */
const light = {
  primary: { base: '#0c7036', hover: '#118040', pressed: '#095a2b' },
  success: { base: '#116b35', hover: '#15803f', pressed: '#0b5629' },
  warning: { base: '#8a5300', hover: '#9e6000', pressed: '#714400' },
  error: { base: '#b3193f', hover: '#c42249', pressed: '#951434' },
  info: { base: '#1d5fae', hover: '#2a6fc0', pressed: '#174d8e' },
};

function palette(name: keyof typeof light): Record<string, string> {
  const { base, hover, pressed } = light[name];
  return {
    [`${name}Color`]: base,
    [`${name}ColorHover`]: hover,
    [`${name}ColorPressed`]: pressed,
    [`${name}ColorSuppl`]: base,
  };
}

export const lightThemeOverrides: GlobalThemeOverrides = {
  common: {
    ...palette('primary'),
    ...palette('success'),
    ...palette('warning'),
    ...palette('error'),
    ...palette('info'),
    textColor3: '#5f656b',
    placeholderColor: '#757575',
  },
  Empty: { textColor: '#757575' },
};

export const darkThemeOverrides: GlobalThemeOverrides = {
  common: {
    placeholderColor: 'rgba(255, 255, 255, 0.6)',
    textColor3: 'rgba(255, 255, 255, 0.6)',
  },
  Empty: { textColor: 'rgba(255, 255, 255, 0.6)' },
};

/** The background of the selected navigation link, under white text (6:1 in both themes). */
export const selectedNavigationColor = { light: light.primary.base, dark: '#1d6f5e' };
