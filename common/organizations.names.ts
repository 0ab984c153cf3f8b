/**
 * Names of organization kinds and of Kazakhstan's regions in the three forum languages:
 * one source for the web client and the compiled documents.
 */
import type { Lang } from './base';
import type { OrgKind, Region } from './organizations.contract';

export const ORG_KIND_NAMES: Record<Lang, Record<OrgKind, string>> = {
  kk: { ngo: 'ҮЕҰ', business: 'бизнес', state: 'мемлекеттік орган', international: 'халықаралық ұйым', academic: 'ғылым және білім', media: 'БАҚ' },
  ru: { ngo: 'НПО', business: 'бизнес', state: 'государственный орган', international: 'международная организация', academic: 'наука и образование', media: 'СМИ' },
  en: { ngo: 'NGO', business: 'business', state: 'state body', international: 'international', academic: 'academic', media: 'media' },
};

export const REGION_NAMES: Record<Lang, Record<Region, string>> = {
  kk: {
    astana: 'Астана',
    almaty_city: 'Алматы',
    shymkent: 'Шымкент',
    abai: 'Абай облысы',
    akmola: 'Ақмола облысы',
    aktobe: 'Ақтөбе облысы',
    almaty: 'Алматы облысы',
    atyrau: 'Атырау облысы',
    east_kazakhstan: 'Шығыс Қазақстан облысы',
    jambyl: 'Жамбыл облысы',
    jetisu: 'Жетісу облысы',
    karaganda: 'Қарағанды облысы',
    kostanay: 'Қостанай облысы',
    kyzylorda: 'Қызылорда облысы',
    mangystau: 'Маңғыстау облысы',
    north_kazakhstan: 'Солтүстік Қазақстан облысы',
    pavlodar: 'Павлодар облысы',
    turkistan: 'Түркістан облысы',
    ulytau: 'Ұлытау облысы',
    west_kazakhstan: 'Батыс Қазақстан облысы',
  },
  ru: {
    astana: 'Астана',
    almaty_city: 'Алматы',
    shymkent: 'Шымкент',
    abai: 'Абайская область',
    akmola: 'Акмолинская область',
    aktobe: 'Актюбинская область',
    almaty: 'Алматинская область',
    atyrau: 'Атырауская область',
    east_kazakhstan: 'Восточно-Казахстанская область',
    jambyl: 'Жамбылская область',
    jetisu: 'Область Жетісу',
    karaganda: 'Карагандинская область',
    kostanay: 'Костанайская область',
    kyzylorda: 'Кызылординская область',
    mangystau: 'Мангистауская область',
    north_kazakhstan: 'Северо-Казахстанская область',
    pavlodar: 'Павлодарская область',
    turkistan: 'Туркестанская область',
    ulytau: 'Область Ұлытау',
    west_kazakhstan: 'Западно-Казахстанская область',
  },
  en: {
    astana: 'Astana',
    almaty_city: 'Almaty (city)',
    shymkent: 'Shymkent',
    abai: 'Abai Region',
    akmola: 'Akmola Region',
    aktobe: 'Aktobe Region',
    almaty: 'Almaty Region',
    atyrau: 'Atyrau Region',
    east_kazakhstan: 'East Kazakhstan Region',
    jambyl: 'Jambyl Region',
    jetisu: 'Jetisu Region',
    karaganda: 'Karaganda Region',
    kostanay: 'Kostanay Region',
    kyzylorda: 'Kyzylorda Region',
    mangystau: 'Mangystau Region',
    north_kazakhstan: 'North Kazakhstan Region',
    pavlodar: 'Pavlodar Region',
    turkistan: 'Turkistan Region',
    ulytau: 'Ulytau Region',
    west_kazakhstan: 'West Kazakhstan Region',
  },
};

/** An organization's name in the wanted language, else in the given fallbacks, else any. */
export function orgName(name: Record<string, string>, lang: Lang, fallbacks: readonly Lang[] = ['kk', 'ru', 'en']): string {
  for (const l of [lang, ...fallbacks]) if (name[l]) return name[l];
  return Object.values(name).find(Boolean) ?? '';
}
