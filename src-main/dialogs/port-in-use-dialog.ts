import type { MessageBoxOptions } from 'electron';
import type { TrayLanguage } from '../tray/tray-labels.ts';

/**
 * The port is taken: offer the next free one (button 0) or stay stopped (button 1). Without a free
 * port nearby, only the explanation and OK.
 */
export function portInUseDialog(options: {
  host: string;
  port: number;
  freePort: number | undefined;
  language: TrayLanguage;
}): MessageBoxOptions {
  const { host, port, freePort } = options;
  const zh = options.language === 'zh-CN';
  const message = zh ? `端口 ${port} 已被其他程序占用` : `Port ${port} is already in use`;
  if (freePort === undefined)
    return {
      type: 'warning',
      title: 'LLM Gateway',
      message,
      detail: zh
        ? `${host} 上 ${port} 之后的端口也都被占用。请关闭占用端口的程序，或在设置中选择其他端口。`
        : `No free port was found after ${port} on ${host}. Close the program using it, or choose another port in Settings.`,
      buttons: ['OK'],
    };
  return {
    type: 'warning',
    title: 'LLM Gateway',
    message,
    detail: zh
      ? `可以改用空闲端口 ${freePort}。已配置的客户端（Claude Code、Codex 等）需要改用新地址 http://${host}:${freePort}。`
      : `Port ${freePort} is free. Clients you set up (Claude Code, Codex, …) will need the new address http://${host}:${freePort}.`,
    buttons: [zh ? `使用端口 ${freePort}` : `Use port ${freePort}`, zh ? '保持停止' : 'Stay stopped'],
    defaultId: 0,
    cancelId: 1,
  };
}
