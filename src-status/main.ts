import type { ECharts } from 'echarts/core';
import type { HealthState, PublicSummary, PublicTarget } from '../src-shared/schemas/public-health.ts';
import { StatusUnavailableError, statusApi } from './api.ts';
import { escapeHtml, formatMs, formatPercent, formatTime } from './format.ts';
import { createTranslator, detectLocale, type Locale, type MessageKey } from './i18n.ts';

const refreshMs = 60_000;
const app = document.querySelector<HTMLElement>('#app')!;
const updated = document.querySelector<HTMLElement>('#updated')!;
const languageButton = document.querySelector<HTMLButtonElement>('#lang')!;
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

let locale: Locale = detectLocale(location.search, navigator.languages, localStorage.getItem('status-lang'));
let t = createTranslator(locale);
let chart: ECharts | undefined;
let historyPage = 1;

function applyLocale(): void {
  document.documentElement.lang = locale;
  document.title = t('title');
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n as MessageKey);
  }
  languageButton.textContent = t('language');
}

function stateBadge(state: HealthState): string {
  return `<span class="badge state-${state}">${escapeHtml(t(`state_${state}` as MessageKey))}</span>`;
}

function metric(label: string, value: string, name: string): string {
  return `<div class="metric" data-metric="${name}"><span class="label">${escapeHtml(label)}</span><span class="value">${escapeHtml(value)}</span></div>`;
}

function targetCard(target: PublicTarget): string {
  const errors = Object.entries(target.errorBreakdown)
    .filter(([, count]) => count > 0)
    .map(([type, count]) => `<li><code>${escapeHtml(type)}</code> × ${count}</li>`)
    .join('');
  const lastError = target.lastError
    ? `<p class="last-error" title="${escapeHtml(target.lastError.message)}">${escapeHtml(t('last_error'))}: <code>${escapeHtml(target.lastError.type)}</code> ${escapeHtml(target.lastError.message)}</p>`
    : '';
  return `
    <a class="card" href="#/target/${encodeURIComponent(target.id)}" data-target="${escapeHtml(target.id)}">
      <div class="card-head">
        <h2>${escapeHtml(target.name)}</h2>
        ${stateBadge(target.state)}
      </div>
      <p class="kind">${escapeHtml(t(target.type === 'virtual-model' ? 'virtual_model' : 'model'))} · ${escapeHtml(t('every'))} ${target.intervalSeconds}s</p>
      <div class="metrics">
        ${metric(t('availability_1h'), formatPercent(target.availability1h), 'availability1h')}
        ${metric(t('availability_24h'), formatPercent(target.availability24h), 'availability24h')}
        ${metric(t('latency_p50'), formatMs(target.p50LatencyMs), 'p50')}
        ${metric(t('latency_p95'), formatMs(target.p95LatencyMs), 'p95')}
        ${metric(t('ttft_p50'), formatMs(target.p50TtftMs), 'ttft')}
        ${metric(t('last_checked'), formatTime(target.lastCheckedAt, locale), 'lastChecked')}
      </div>
      ${errors ? `<div class="errors"><span class="label">${escapeHtml(t('errors_24h'))}</span><ul>${errors}</ul></div>` : ''}
      ${lastError}
    </a>`;
}

function renderOverview(summary: PublicSummary, targets: PublicTarget[]): void {
  const banner = `<section class="banner state-${summary.overall}" data-overall="${summary.overall}">${escapeHtml(t(`overall_${summary.overall}` as MessageKey))}</section>`;
  const body =
    targets.length === 0
      ? `<p class="empty">${escapeHtml(t('no_targets'))}</p>`
      : `<section class="grid">${targets.map(targetCard).join('')}</section>`;
  app.innerHTML = banner + body;
}

async function renderTarget(id: string): Promise<void> {
  const [detail, runs] = await Promise.all([statusApi.detail(id), statusApi.runs(id, historyPage)]);
  const rows = runs.data
    .map(
      (run) => `<tr class="${run.success ? 'ok' : 'failed'}">
        <td>${escapeHtml(formatTime(run.startedAt, locale))}</td>
        <td>${escapeHtml(run.success ? t('ok') : t('failed'))}</td>
        <td>${escapeHtml(formatMs(run.latencyMs))}</td>
        <td>${escapeHtml(formatMs(run.ttftMs))}</td>
        <td>${run.errorType ? `<code>${escapeHtml(run.errorType)}</code> ${escapeHtml(run.errorMessage ?? '')}` : ''}</td>
      </tr>`,
    )
    .join('');
  const pages = Math.max(1, Math.ceil(runs.total / runs.pageSize));
  const recent = detail.recentErrors
    .map(
      (error) =>
        `<li>${escapeHtml(formatTime(error.at, locale))} <code>${escapeHtml(error.type)}</code> ${escapeHtml(error.message)}</li>`,
    )
    .join('');
  app.innerHTML = `
    <a class="back" href="#/">${escapeHtml(t('back'))}</a>
    <section class="detail">
      <div class="card-head"><h2>${escapeHtml(detail.target.name)}</h2>${stateBadge(detail.target.state)}</div>
      <div class="metrics">
        ${metric(t('availability_1h'), formatPercent(detail.target.availability1h), 'availability1h')}
        ${metric(t('availability_24h'), formatPercent(detail.target.availability24h), 'availability24h')}
        ${metric(t('latency_p50'), formatMs(detail.target.p50LatencyMs), 'p50')}
        ${metric(t('latency_p95'), formatMs(detail.target.p95LatencyMs), 'p95')}
        ${metric(t('ttft_p50'), formatMs(detail.target.p50TtftMs), 'ttft')}
      </div>
      <h3>${escapeHtml(t('latency_chart'))}</h3>
      <div id="chart" class="chart"></div>
      ${recent ? `<h3>${escapeHtml(t('recent_errors'))}</h3><ul class="recent">${recent}</ul>` : ''}
      <h3>${escapeHtml(t('history'))}</h3>
      <div class="table-wrap"><table class="runs">
        <thead><tr><th>${escapeHtml(t('time'))}</th><th>${escapeHtml(t('result'))}</th><th>${escapeHtml(t('latency'))}</th><th>${escapeHtml(t('ttft'))}</th><th>${escapeHtml(t('error'))}</th></tr></thead>
        <tbody>${rows}</tbody>
      </table></div>
      <nav class="pager">
        <button type="button" data-page="${historyPage - 1}" ${historyPage <= 1 ? 'disabled' : ''}>${escapeHtml(t('previous'))}</button>
        <span>${historyPage} / ${pages}</span>
        <button type="button" data-page="${historyPage + 1}" ${historyPage >= pages ? 'disabled' : ''}>${escapeHtml(t('next'))}</button>
      </nav>
    </section>`;
  // ECharts loads only with the first detail view, so the overview stays small and fast.
  const { renderLatencyChart } = await import('./latency-chart.ts');
  chart?.dispose();
  chart = renderLatencyChart(
    document.querySelector<HTMLElement>('#chart')!,
    detail.series,
    { latency: t('latency'), ttft: t('ttft'), failed: t('failed') },
    darkQuery.matches,
  );
  for (const button of app.querySelectorAll<HTMLButtonElement>('.pager button')) {
    button.addEventListener('click', () => {
      historyPage = Number(button.dataset.page);
      void refresh();
    });
  }
}

async function refresh(): Promise<void> {
  const route = /^#\/target\/(.+)$/.exec(location.hash);
  try {
    if (route) {
      await renderTarget(decodeURIComponent(route[1]!));
    } else {
      chart?.dispose();
      chart = undefined;
      const [summary, targets] = await Promise.all([statusApi.summary(), statusApi.targets()]);
      renderOverview(summary, targets);
    }
    updated.textContent = `${t('updated')} ${new Date().toLocaleTimeString(locale)}`;
    updated.dataset.state = 'fresh';
  } catch (error) {
    updated.dataset.state = 'stale';
    app.innerHTML = `<p class="empty">${escapeHtml(t(error instanceof StatusUnavailableError ? 'unavailable' : 'load_failed'))}</p>`;
  }
}

languageButton.addEventListener('click', () => {
  locale = locale === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('status-lang', locale);
  t = createTranslator(locale);
  applyLocale();
  void refresh();
});
window.addEventListener('hashchange', () => {
  historyPage = 1;
  void refresh();
});
window.addEventListener('resize', () => chart?.resize());
applyLocale();
void refresh();
setInterval(() => void refresh(), refreshMs);
