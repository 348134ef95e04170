import { createI18n } from 'vue-i18n';
import { en, type MessageSchema } from './en.ts';
import { zhCN } from './zh-CN.ts';

/** The languages of the app, by their BCP 47 tag. */
export const appLanguages = ['zh-CN', 'en'] as const;
export type AppLanguage = (typeof appLanguages)[number];

export const appMessages: Record<AppLanguage, MessageSchema> = { 'zh-CN': zhCN, en };

/** vue-i18n in Composition API mode; the preferences store switches `global.locale`. */
export function createAppI18n(language: AppLanguage) {
  return createI18n<[MessageSchema], AppLanguage, false>({
    legacy: false,
    locale: language,
    fallbackLocale: 'en',
    messages: appMessages,
  });
}
