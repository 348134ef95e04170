/** The tray's words in the app's two languages (the renderer has its own i18n; the tray is main-process). */
export type TrayLanguage = 'en' | 'zh-CN';

const en = {
  running: 'Running',
  starting: 'Starting…',
  paused: 'Paused',
  error: 'Not running',
  stopped: 'Stopped',
  requestsToday: (count: number) => `${count} ${count === 1 ? 'request' : 'requests'} today`,
  openDashboard: 'Open dashboard',
  copyEndpoint: 'Copy endpoint URL',
  setUpClaudeCode: 'Set up Claude Code…',
  setUpCodex: 'Set up Codex CLI…',
  pause: 'Pause gateway',
  resume: 'Resume gateway',
  retry: 'Try to start again',
  shareOnLan: 'Share status page on LAN',
  lanUnreachable: 'LAN sharing is on but not listening (see the logs)',
  launchAtLogin: 'Launch at login',
  checkForUpdates: 'Check for updates',
  checking: 'Checking for updates…',
  upToDate: 'Up to date — check again',
  downloadUpdate: (version: string) => `Download update ${version}`,
  downloading: (percent: number) => `Downloading update… ${Math.round(percent)}%`,
  restartToUpdate: (version: string) => `Restart to update to ${version}`,
  updateFailed: 'Update check failed — try again',
  openLogs: 'Open logs folder',
  quit: 'Quit LLM Gateway',
};

const zhCN: typeof en = {
  running: '运行中',
  starting: '正在启动…',
  paused: '已暂停',
  error: '未运行',
  stopped: '已停止',
  requestsToday: (count) => `今日 ${count} 次请求`,
  openDashboard: '打开控制台',
  copyEndpoint: '复制接入地址',
  setUpClaudeCode: '配置 Claude Code…',
  setUpCodex: '配置 Codex CLI…',
  pause: '暂停网关',
  resume: '恢复网关',
  retry: '重新启动',
  shareOnLan: '在局域网共享状态页',
  lanUnreachable: '局域网共享已开启但未监听（请查看日志）',
  launchAtLogin: '登录时启动',
  checkForUpdates: '检查更新',
  checking: '正在检查更新…',
  upToDate: '已是最新版本 — 再次检查',
  downloadUpdate: (version) => `下载更新 ${version}`,
  downloading: (percent) => `正在下载更新… ${Math.round(percent)}%`,
  restartToUpdate: (version) => `重启并更新到 ${version}`,
  updateFailed: '检查更新失败 — 重试',
  openLogs: '打开日志文件夹',
  quit: '退出 LLM Gateway',
};

export type TrayLabels = typeof en;

export function trayLabels(language: TrayLanguage): TrayLabels {
  return language === 'zh-CN' ? zhCN : en;
}

/** The preference (`system` follows the OS locale) as one of the tray's languages. */
export function resolveTrayLanguage(
  preference: 'system' | 'en' | 'zh-CN',
  systemLocale: string,
): TrayLanguage {
  if (preference !== 'system') return preference;
  return systemLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
