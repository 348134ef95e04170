import type { Page } from 'playwright-core';

export interface LowContrastText {
  text: string;
  /** The element's class list, to find it in the source. */
  where: string;
  color: string;
  background: string;
  ratio: number;
  required: number;
}

/**
 * Every visible piece of text on the page whose contrast against what is behind it is below WCAG
 * 2.1 AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). The background is the stack of
 * the ancestors' background colours composited down to the page; opacity on the way counts.
 * Disabled controls are exempt, as WCAG exempts inactive components.
 */
export function findLowContrast(page: Page): Promise<LowContrastText[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba => {
      const numbers = value.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0, numbers.length > 3 ? numbers[3]! : 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const alpha = top[3] + bottom[3] * (1 - top[3]);
      if (alpha === 0) return [0, 0, 0, 0];
      const mix = (index: number) =>
        (top[index]! * top[3] + bottom[index]! * bottom[3] * (1 - top[3])) / alpha;
      return [mix(0), mix(1), mix(2), alpha];
    };
    const luminance = ([red, green, blue]: Rgba) => {
      const channel = (value: number) => {
        const scaled = value / 255;
        return scaled <= 0.03928 ? scaled / 12.92 : ((scaled + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue);
    };
    const disabled = (element: Element) =>
      element.closest(
        '[disabled], [aria-disabled="true"], .n-button--disabled, .n-input--disabled, .n-base-selection--disabled, .n-radio--disabled, .n-checkbox--disabled, .n-switch--disabled, .n-menu-item-content--disabled, .n-pagination-item--disabled',
      ) !== null;
    const backgroundOf = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const layer = parse(getComputedStyle(node).backgroundColor);
        if (layer[3] > 0) layers.push(layer);
        if (layer[3] >= 1) break;
      }
      let result: Rgba = [255, 255, 255, 1];
      for (const layer of layers.reverse()) result = over(layer, result);
      return result;
    };
    const opacityOf = (element: Element) => {
      let opacity = 1;
      for (let node: Element | null = element; node; node = node.parentElement) {
        opacity *= Number(getComputedStyle(node).opacity);
      }
      return opacity;
    };
    const found: {
      text: string;
      where: string;
      color: string;
      background: string;
      ratio: number;
      required: number;
    }[] = [];
    const seen = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const element = node.parentElement;
      if (!text || !element || seen.has(element)) continue;
      seen.add(element);
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      if (style.visibility !== 'visible' || box.width === 0 || box.height === 0) continue;
      if (element.closest('svg, canvas, [aria-hidden="true"]') || disabled(element)) continue;
      const background = backgroundOf(element);
      const foreground = parse(style.color);
      const text_ = over(
        [foreground[0], foreground[1], foreground[2], foreground[3] * opacityOf(element)],
        background,
      );
      const [lighter, darker] = [luminance(text_), luminance(background)].sort((left, right) => right - left);
      const ratio = (lighter! + 0.05) / (darker! + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const required = large ? 3 : 4.5;
      if (ratio + 0.005 < required) {
        found.push({
          text: text.slice(0, 40),
          where: `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`,
          color: style.color,
          background: `rgb(${background.slice(0, 3).map(Math.round).join(', ')})`,
          ratio: Math.round(ratio * 100) / 100,
          required,
        });
      }
    }
    return found;
  });
}
