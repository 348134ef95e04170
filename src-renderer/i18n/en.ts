import { dashboard } from './en/dashboard.ts';
import { connect } from './en/connect.ts';
import { providers } from './en/providers.ts';
import { models } from './en/models.ts';
import { virtualModels } from './en/virtual-models.ts';
import { virtualKeys } from './en/virtual-keys.ts';
import { logs } from './en/logs.ts';
import { health } from './en/health.ts';
import { settings } from './en/settings.ts';
import { welcome } from './en/welcome.ts';

/** English messages: the source of the message keys (zh-CN.ts must have exactly the same ones). */
export const en = {
  app: { name: 'LLM Gateway', skipToContent: 'Skip to content' },
  nav: {
    label: 'Main navigation',
    dashboard: 'Dashboard',
    connect: 'Connect a client',
    providers: 'Providers',
    models: 'Models',
    virtualModels: 'Virtual models',
    virtualKeys: 'Virtual keys',
    logs: 'Logs',
    health: 'Health',
    settings: 'Settings',
    toggle: 'Show or hide the navigation',
  },
  header: {
    language: 'Language',
    theme: 'Theme',
    themeLight: 'Light',
    themeDark: 'Dark',
    themeSystem: 'System',
    logout: 'Log out',
    connected: 'Live',
    disconnected: 'Reconnecting…',
  },
  login: {
    title: 'Log in',
    subtitle: 'Manage your LLM Gateway',
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    setupTitle: 'Create the administrator',
    setupSubtitle:
      'This gateway has no administrator yet. Choose a username and password, and enter the setup code the gateway printed in its console when it started.',
    setupCode: 'Setup code',
    setupCodeHint: 'Shown in the console as “Create one with setup code …”',
    confirmPassword: 'Repeat the password',
    passwordsDiffer: 'The passwords differ',
    setupSubmit: 'Create and log in',
    sessionEnded: 'Your session has ended. Please log in again.',
  },
  common: {
    loading: 'Loading…',
    retry: 'Try again',
    cancel: 'Cancel',
    delete: 'Delete',
    save: 'Save',
    copy: 'Copy',
    copied: 'Copied',
    yes: 'Yes',
    no: 'No',
    enabled: 'Enabled',
    disabled: 'Disabled',
    name: 'Name',
    empty: 'Nothing here yet',
    confirmDeleteTitle: 'Delete {name}?',
    confirmDeleteContent: 'This cannot be undone.',
    deleted: '{name} deleted',
  },
  errors: {
    network: 'The gateway cannot be reached. Is it running?',
    sessionEnded: 'Your session has ended. Please log in again.',
    tooManyAttempts: 'Too many attempts. Try again in {seconds} s.',
    internal: 'The gateway failed to do this (internal error). Its log has the details.',
    unexpected: 'Something went wrong: {message}',
    fixFields: 'Please correct the highlighted fields.',
  },
  validation: {
    required: 'Required',
    minLength: 'At least {min} characters',
    maxLength: 'At most {max} characters',
    minimum: 'At least {min}',
    maximum: 'At most {max}',
    url: 'Enter a URL such as https://api.example.com/v1',
    invalid: 'Invalid value',
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
  notFound: { title: 'Page not found', back: 'Back to the dashboard' },
  storage: {
    bannerFull:
      'Request logs cannot be written: {problem}. Requests are still served; logs resume when space returns.',
    banner:
      'Request logs cannot be written: {problem}. Requests are still served; logs resume once the database can be written again.',
    problem: {
      full: 'the disk holding the database is full',
      readOnly: 'the database file or its folder is read-only',
      io: 'the disk reported an input/output error',
      busy: 'another process holds the database locked',
      corrupt: 'the database file is damaged',
      other: 'the database refused the write',
    },
  },
};

export type MessageSchema = typeof en;
