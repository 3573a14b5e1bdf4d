/** vue-i18n (composition API): Chinese by default, English; the choice is kept in
 * localStorage `crm.lang` and `<html lang>` follows it. Messages: `common.ts` plus every
 * `pages/<page>/messages.ts` (`export default { zh: {...}, en: {...} }`). */

import { watch } from 'vue'
import { createI18n } from 'vue-i18n'
import common from './common'

export type Locale = 'zh' | 'en'
export const LOCALES: readonly Locale[] = ['zh', 'en']
const LANG_KEY = 'crm.lang'

type Tree = { [key: string]: string | Tree }
type Bundle = Record<Locale, Tree>

function merge(into: Tree, from: Tree): Tree {
  for (const [key, value] of Object.entries(from)) {
    const there = into[key]
    if (typeof value === 'object' && typeof there === 'object') merge(there, value)
    else into[key] = value
  }
  return into
}

const pages = import.meta.glob<{ default: Bundle }>('../pages/*/messages.ts', { eager: true })
const messages: Record<string, Tree> = { zh: {}, en: {} }
for (const bundle of [common as Bundle, ...Object.values(pages).map((m) => m.default)]) {
  merge(messages.zh, bundle.zh)
  merge(messages.en, bundle.en)
}

function saved(): Locale {
  const value = localStorage.getItem(LANG_KEY)
  return value === 'en' ? 'en' : 'zh'
}

export const i18n = createI18n({
  legacy: false,
  locale: saved(),
  fallbackLocale: 'zh',
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

/** The current locale, reactive. */
export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
}

function htmlLang(locale: string): string {
  return locale === 'en' ? 'en' : 'zh-CN'
}

watch(
  () => i18n.global.locale.value,
  (locale) => {
    localStorage.setItem(LANG_KEY, locale)
    document.documentElement.lang = htmlLang(locale)
  },
  { immediate: true },
)
