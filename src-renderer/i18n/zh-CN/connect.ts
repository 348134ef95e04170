import type { MessageSchema } from '../en.ts';

/** connect 页面的简体中文文案。 */
export const connect: MessageSchema['connect'] = {
  title: '接入客户端',
  description: '选一个密钥和模型，把配置粘贴到你的工具里。',
  openaiBaseUrl: 'OpenAI 兼容 Base URL',
  anthropicBaseUrl: 'Anthropic Base URL',
  keyStep: '密钥',
  key: '虚拟密钥',
  keyPlaceholder: '选择密钥',
  secret: '密钥原文',
  secretHint: '网关只在创建密钥时显示一次原文。请把它粘贴到这里（只留在本页面），或新建一个密钥。',
  secretPlaceholder: 'sk-…',
  newKeyName: '新密钥名称',
  newKeyDefault: '我的客户端',
  createKey: '新建密钥',
  keyCreated: '已创建密钥“{name}”',
  secretOnce: '请立即复制这个密钥，之后不会再显示。',
  model: '模型',
  modelPlaceholder: '选择模型',
  noModels: '还没有模型：请先添加服务商并导入它的模型。',
  setup: '配置方法',
  file: '文件：{file}',
  copySnippet: '复制 {title} 的配置',
  keyMissing: '选择密钥并填入原文后，配置里会自动带上它。',
  test: '测试请求',
  testPrompt: '消息',
  testPromptDefault: '用一句话跟我打个招呼。',
  send: '发送测试请求',
  answer: '回复',
  timeToFirstToken: '首 Token 耗时',
  totalLatency: '总耗时',
  tokens: '输入 / 输出 Token',
  milliseconds: '{value} 毫秒',
  testNeeds: '请先选择带原文的密钥和一个模型。',
  notes: {
    cursor:
      'Cursor 从它自己的服务器发出这些请求，访问不到 127.0.0.1 或你的局域网：网关必须能从公网访问（例如通过内网穿透），Cursor 才能使用。',
    cline:
      '在 Cline 的设置里填写。也可以选 Anthropic 服务商，并把“Use custom base URL”设为根地址（不带 /v1）。',
    'claude-code':
      '在启动 claude 的终端里执行。想继续使用 Claude Code 自带的模型名，请在“虚拟模型”页添加别名（claude-*）。',
    codex: '把这段加到 ~/.codex/config.toml，然后在启动 codex 的终端里设置密钥。',
  },
};
