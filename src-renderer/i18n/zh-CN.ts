import type { MessageSchema } from './en.ts';
import { dashboard } from './zh-CN/dashboard.ts';
import { connect } from './zh-CN/connect.ts';
import { providers } from './zh-CN/providers.ts';
import { models } from './zh-CN/models.ts';
import { virtualModels } from './zh-CN/virtual-models.ts';
import { virtualKeys } from './zh-CN/virtual-keys.ts';
import { logs } from './zh-CN/logs.ts';
import { health } from './zh-CN/health.ts';
import { settings } from './zh-CN/settings.ts';
import { welcome } from './zh-CN/welcome.ts';

/** 简体中文：与 en.ts 的键完全相同（i18n/messages.test.ts 检查）。 */
export const zhCN: MessageSchema = {
  app: { name: 'LLM 网关', skipToContent: '跳到正文' },
  nav: {
    label: '主导航',
    dashboard: '仪表盘',
    connect: '接入客户端',
    providers: '服务商',
    models: '模型',
    virtualModels: '虚拟模型',
    virtualKeys: '虚拟密钥',
    logs: '日志',
    health: '健康检查',
    settings: '设置',
    toggle: '显示或隐藏导航',
  },
  header: {
    language: '语言',
    theme: '主题',
    themeLight: '浅色',
    themeDark: '深色',
    themeSystem: '跟随系统',
    logout: '退出登录',
    connected: '实时',
    disconnected: '正在重新连接…',
  },
  login: {
    title: '登录',
    subtitle: '管理你的 LLM 网关',
    username: '用户名',
    password: '密码',
    submit: '登录',
    setupTitle: '创建管理员',
    setupSubtitle: '此网关还没有管理员。请设置用户名和密码，并输入网关启动时在控制台打印的设置码。',
    setupCode: '设置码',
    setupCodeHint: '控制台中“Create one with setup code …”后面的代码',
    confirmPassword: '再次输入密码',
    passwordsDiffer: '两次输入的密码不一致',
    setupSubmit: '创建并登录',
    sessionEnded: '会话已结束，请重新登录。',
  },
  common: {
    loading: '加载中…',
    retry: '重试',
    cancel: '取消',
    delete: '删除',
    save: '保存',
    copy: '复制',
    copied: '已复制',
    yes: '是',
    no: '否',
    enabled: '已启用',
    disabled: '已停用',
    name: '名称',
    empty: '暂无内容',
    confirmDeleteTitle: '删除 {name}？',
    confirmDeleteContent: '此操作无法撤销。',
    deleted: '已删除 {name}',
  },
  errors: {
    network: '无法连接到网关，它在运行吗？',
    sessionEnded: '会话已结束，请重新登录。',
    tooManyAttempts: '尝试次数过多，请 {seconds} 秒后再试。',
    internal: '网关执行失败（内部错误），详情见网关日志。',
    unexpected: '出错了：{message}',
    fixFields: '请修正标出的字段。',
  },
  validation: {
    required: '必填',
    minLength: '至少 {min} 个字符',
    maxLength: '最多 {max} 个字符',
    minimum: '至少为 {min}',
    maximum: '最多为 {max}',
    url: '请输入网址，例如 https://api.example.com/v1',
    invalid: '无效的值',
  },
  dashboard,
  connect,
  providers,
  models,
  virtualModels,
  virtualKeys,
  logs,
  health,
  settings,
  welcome,
  notFound: { title: '页面不存在', back: '返回仪表盘' },
  storage: {
    bannerFull: '请求日志无法写入：{problem}。请求仍在正常处理；磁盘空间恢复后日志会继续写入。',
    banner: '请求日志无法写入：{problem}。请求仍在正常处理；数据库恢复可写后日志会继续写入。',
    problem: {
      full: '数据库所在的磁盘已满',
      readOnly: '数据库文件或其所在文件夹是只读的',
      io: '磁盘报告了读写错误',
      busy: '另一个进程锁定了数据库',
      corrupt: '数据库文件已损坏',
      other: '数据库拒绝了写入',
    },
  },
};
