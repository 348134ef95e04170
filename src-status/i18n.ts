/** The status page's strings in English and Simplified Chinese. */
const en = {
  title: 'LLM Gateway status',
  overall_healthy: 'All systems operational',
  overall_degraded: 'Some models have problems',
  overall_down: 'All models are down',
  overall_unknown: 'No checks yet',
  state_healthy: 'Healthy',
  state_degraded: 'Degraded',
  state_down: 'Down',
  state_unknown: 'Unknown',
  availability_1h: 'Availability 1 h',
  availability_24h: 'Availability 24 h',
  latency_p50: 'P50 latency',
  latency_p95: 'P95 latency',
  ttft_p50: 'Time to first token',
  last_checked: 'Last checked',
  last_error: 'Last error',
  errors_24h: 'Errors (24 h)',
  no_targets: 'No monitored targets yet.',
  unavailable: 'Monitoring is not enabled on this gateway.',
  load_failed: 'Could not load the status. Retrying…',
  back: '← All targets',
  history: 'Check history',
  latency_chart: 'Latency (24 h)',
  time: 'Time',
  result: 'Result',
  latency: 'Latency',
  ttft: 'TTFT',
  error: 'Error',
  ok: 'OK',
  failed: 'Failed',
  previous: 'Previous',
  next: 'Next',
  page: 'Page',
  updated: 'Updated',
  recent_errors: 'Recent errors',
  never: 'never',
  every: 'every',
  virtual_model: 'virtual model',
  model: 'model',
  language: '中文',
};

type Messages = typeof en;

const zhCN: Messages = {
  title: 'LLM 网关状态',
  overall_healthy: '所有服务运行正常',
  overall_degraded: '部分模型出现问题',
  overall_down: '所有模型均不可用',
  overall_unknown: '尚无检测数据',
  state_healthy: '正常',
  state_degraded: '降级',
  state_down: '不可用',
  state_unknown: '未知',
  availability_1h: '1 小时可用率',
  availability_24h: '24 小时可用率',
  latency_p50: 'P50 延迟',
  latency_p95: 'P95 延迟',
  ttft_p50: '首字延迟',
  last_checked: '最近检测',
  last_error: '最近错误',
  errors_24h: '错误（24 小时）',
  no_targets: '还没有监控目标。',
  unavailable: '此网关未开启监控。',
  load_failed: '无法加载状态，正在重试…',
  back: '← 全部目标',
  history: '检测历史',
  latency_chart: '延迟（24 小时）',
  time: '时间',
  result: '结果',
  latency: '延迟',
  ttft: '首字',
  error: '错误',
  ok: '成功',
  failed: '失败',
  previous: '上一页',
  next: '下一页',
  page: '第',
  updated: '更新于',
  recent_errors: '最近的错误',
  never: '从未',
  every: '每',
  virtual_model: '虚拟模型',
  model: '模型',
  language: 'English',
};

export type MessageKey = keyof Messages;
export type Locale = 'en' | 'zh-CN';

const dictionaries: Record<Locale, Messages> = { en, 'zh-CN': zhCN };

export function detectLocale(search: string, languages: readonly string[], stored: string | null): Locale {
  const fromQuery = new URLSearchParams(search).get('lang');
  const choice = fromQuery ?? stored ?? languages[0] ?? 'en';
  return choice.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function createTranslator(locale: Locale): (key: MessageKey) => string {
  const dictionary = dictionaries[locale];
  return (key) => dictionary[key];
}
