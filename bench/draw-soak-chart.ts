/**
 * The soak's chart (issue 20): latency percentiles (top) and whole-tree RSS (bottom) over the soak,
 * one colour per contender, whatever contenders the soak had. ECharts draws it on the server as SVG;
 * Debian's Chromium turns that into a PNG, so the page shows it in any Markdown viewer.
 */
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TitleComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { chromium } from 'playwright-core';
import type { SoakSample } from './run-soak.ts';

use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, SVGRenderer]);

type SoakChartOption = ComposeOption<
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
>;

export interface SoakChartOptions {
  /** Under the title, e.g. the duration and the commit. */
  subtitle?: string;
  /** A dashed line on the memory panel (the issue's 150 MB after the soak). */
  rssGoalMegabytes?: number;
  width?: number;
  height?: number;
  /** Debian's Chromium unless told otherwise. */
  chromiumPath?: string;
}

// ECharts' own palette, fixed by position so a contender keeps its colour in both panels.
const palette = ['#5470c6', '#ee6666', '#3ba272', '#fc8452', '#9a60b4', '#73c0de', '#fac858', '#ea7ccc'];
const text = '#333333';

/** The chart as an SVG document: two panels sharing the time axis, a legend entry per contender. */
export function renderSoakChartSvg(samples: SoakSample[], options: SoakChartOptions = {}): string {
  const width = options.width ?? 1000;
  const height = options.height ?? 760;
  const contenders = [...new Set(samples.map((sample) => sample.contender))];
  const lastMinute = Math.max(0, ...samples.map((sample) => sample.minute));
  const of = (contender: string): SoakSample[] => samples.filter((sample) => sample.contender === contender);
  const line = (
    contender: string,
    index: number,
    axis: number,
    values: Array<[number, number]>,
    dashed = false,
  ): LineSeriesOption => ({
    // Every series of a contender has its name: the legend shows (and toggles) the contender once.
    name: contender,
    type: 'line',
    xAxisIndex: axis,
    yAxisIndex: axis,
    data: values,
    symbol: 'circle',
    symbolSize: 5,
    color: palette[index % palette.length]!,
    lineStyle: { width: dashed ? 1.5 : 2.5, type: dashed ? 'dashed' : 'solid' },
  });
  const series: LineSeriesOption[] = contenders.flatMap((contender, index) => [
    line(
      contender,
      index,
      0,
      of(contender).map((sample) => [sample.minute, sample.p50Milliseconds]),
    ),
    line(
      contender,
      index,
      0,
      of(contender).map((sample) => [sample.minute, sample.p99Milliseconds]),
      true,
    ),
    line(
      contender,
      index,
      1,
      of(contender).map((sample) => [sample.minute, sample.treeRssBytes / 1024 / 1024]),
    ),
  ]);
  const goal = options.rssGoalMegabytes;
  if (goal !== undefined && series[2]) {
    // Unlabelled (a label would sit on some contender's line): the panel's title says what it is.
    series[2].markLine = {
      silent: true,
      symbol: 'none',
      label: { show: false },
      lineStyle: { color: '#888888', type: 'dashed', width: 1.5 },
      data: [{ yAxis: goal }],
    };
  }
  const grids: GridComponentOption[] = [
    { left: 80, right: 40, top: 130, height: (height - 270) / 2 },
    { left: 80, right: 40, top: 130 + (height - 270) / 2 + 80, height: (height - 270) / 2 },
  ];
  const axisCommon = {
    nameTextStyle: { color: text, fontSize: 13 },
    axisLabel: { color: text },
    splitLine: { lineStyle: { color: '#e6e6e6' } },
  };
  const option: SoakChartOption = {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'DejaVu Sans, Arial, sans-serif' },
    title: [
      {
        text: 'Soak: latency and whole-tree memory per contender',
        subtext: options.subtitle ?? '',
        left: 'center',
        top: 10,
        textStyle: { color: text, fontSize: 18 },
      },
      {
        text: 'Latency per interval (ms): p50 solid, p99 dashed',
        left: 80,
        top: Number(grids[0]!.top) - 28,
        textStyle: { color: text, fontSize: 14, fontWeight: 'normal' },
      },
      {
        text: `Whole process tree RSS (MB), sampled after each interval${goal === undefined ? '' : `; grey dashed: the goal after the soak, ${goal} MB`}`,
        left: 80,
        top: Number(grids[1]!.top) - 28,
        textStyle: { color: text, fontSize: 14, fontWeight: 'normal' },
      },
    ],
    legend: { top: 62, left: 'center', itemGap: 24, itemWidth: 28, textStyle: { color: text, fontSize: 13 } },
    grid: grids,
    xAxis: [0, 1].map((gridIndex) => ({
      type: 'value' as const,
      gridIndex,
      min: 0,
      max: lastMinute || 1,
      name: 'minutes into the soak',
      nameLocation: 'middle' as const,
      nameGap: 28,
      ...axisCommon,
    })),
    yAxis: [
      { type: 'value', gridIndex: 0, min: 0, name: 'ms', nameLocation: 'middle', nameGap: 50, ...axisCommon },
      {
        type: 'value',
        gridIndex: 1,
        name: 'MB',
        nameLocation: 'middle',
        nameGap: 50,
        // Near the data, so a slope of a few MB shows; wide enough for the goal line.
        min: (extent: { min: number }) => Math.max(0, Math.floor((extent.min - 5) / 20) * 20),
        max: (extent: { max: number }) => Math.ceil((Math.max(extent.max, goal ?? 0) + 5) / 20) * 20,
        ...axisCommon,
      },
    ],
    series,
  };
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as PNG bytes (the SVG screenshotted in headless Chromium, at twice its size for sharp text). */
export async function drawSoakChart(samples: SoakSample[], options: SoakChartOptions = {}): Promise<Buffer> {
  const width = options.width ?? 1000;
  const height = options.height ?? 760;
  const svg = renderSoakChartSvg(samples, { ...options, width, height });
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width, height } });
  } finally {
    await browser.close();
  }
}
