import { init, use, type ECharts } from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { PublicRun } from '../src-shared/schemas/public-health.ts';

use([LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Latency and TTFT over time; failed checks as red points on the axis. */
export function renderLatencyChart(
  element: HTMLElement,
  runs: PublicRun[],
  labels: { latency: string; ttft: string; failed: string },
  dark: boolean,
): ECharts {
  const chart = init(element, dark ? 'dark' : undefined, { renderer: 'canvas' });
  const point = (run: PublicRun, value: number | null) => [new Date(run.startedAt).getTime(), value];
  chart.setOption({
    backgroundColor: 'transparent',
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: 'ms' },
    series: [
      {
        name: labels.latency,
        type: 'line',
        showSymbol: false,
        data: runs.filter((run) => run.success).map((run) => point(run, run.latencyMs)),
      },
      {
        name: labels.ttft,
        type: 'line',
        showSymbol: false,
        data: runs.filter((run) => run.success).map((run) => point(run, run.ttftMs)),
      },
      {
        name: labels.failed,
        type: 'scatter',
        itemStyle: { color: '#d03050' },
        data: runs.filter((run) => !run.success).map((run) => point(run, 0)),
      },
    ],
  });
  return chart;
}
