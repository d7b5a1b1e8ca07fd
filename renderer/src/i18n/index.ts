import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';

const STORAGE_KEY = 'kehu.language';

export type Language = 'zh-CN' | 'en';

export function savedLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: savedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

/**
 * `{{n, count}}`: counts with thousands separators ('12,345'), in both languages; text passed
 * through as it is (a count already formatted).
 */
i18next.services.formatter?.add('count', (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? value.toLocaleString('en-US') : String(value ?? ''),
);
// The page's language from the start (the English layout rules in styles.css key on it).
if (typeof document !== 'undefined') document.documentElement.lang = savedLanguage();

export function setLanguage(lang: Language) {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

export default i18next;
