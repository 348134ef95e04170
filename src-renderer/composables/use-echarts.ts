import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { onBeforeUnmount, onMounted, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue';
import { useIsDark } from './use-is-dark.ts';

// ECharts tree-shaken: only these charts and components reach the bundle (and only the chunks of
// the views that chart something, since only they import this file). Add a chart type here.
use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/** An option built from the registered parts only (type-checked). */
export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

/**
 * A chart in `element`, drawn from `option` and redrawn when it changes, in the app's theme
 * (light or dark, switched live), resized with its element, disposed with the component.
 *
 *   const chartElement = ref<HTMLElement>();
 *   useEcharts(chartElement, () => ({ xAxis: {...}, yAxis: {...}, series: [...] }));
 *   <div ref="chartElement" class="chart" role="img" :aria-label="t('dashboard.usageTitle')" />
 */
export function useEcharts(element: Ref<HTMLElement | undefined>, option: MaybeRefOrGetter<ChartOption>) {
  const isDark = useIsDark();
  let chart: ECharts | undefined;
  let resizeObserver: ResizeObserver | undefined;

  const draw = () => {
    chart?.dispose();
    if (!element.value) return;
    chart = init(element.value, isDark.value ? 'dark' : undefined, { renderer: 'canvas' });
    chart.setOption({ backgroundColor: 'transparent', ...toValue(option) });
  };

  onMounted(() => {
    draw();
    if (element.value && typeof ResizeObserver !== 'undefined') {
      resizeObserver = new ResizeObserver(() => chart?.resize());
      resizeObserver.observe(element.value);
    }
  });
  watch(
    () => toValue(option),
    (next) => chart?.setOption(next),
    { deep: true },
  );
  watch(isDark, draw);
  onBeforeUnmount(() => {
    resizeObserver?.disconnect();
    chart?.dispose();
    chart = undefined;
  });
  return { chart: () => chart };
}
