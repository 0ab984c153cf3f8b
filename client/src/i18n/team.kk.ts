import type { Plural } from './messages';
import type { teamEn } from './team.en';

type Dict = { readonly [K in keyof typeof teamEn]: (typeof teamEn)[K] extends string ? string : Plural };

export const teamKk: Dict = {
  'team.caption': 'Осы форумдағы адамдар және олардың рөлдері',
  'team.person': 'Адам',
  'team.role': 'Рөлі',
  'team.where': 'Қай жерде',
  'team.actions': 'Әрекеттер',
  'team.you': 'сіз',
  'team.forum_wide': 'бүкіл форум',
  'team.unknown_session': 'жойылған сессия',
  'team.remove': 'Алып тастау',
  'team.remove_label': '{name}: {role} рөлін алып тастау',
  'team.remove_title': '{role} рөлін алып тастау',
  'team.remove_confirm': '{name} бұдан былай осы форумның ешбір жерінде {role} болмайды.',
  'team.remove_effect': 'Оның ашық беттері бұл рөлді бірден жоғалтады. Қайтару үшін жаңа шақыру жіберіңіз.',
  'team.remove_role': '{role} рөлін алып тастау',
  'team.removed': '{name} бұдан былай осы форумда {role} емес.',
  'team.last_organizer': 'Бұл — форумның жалғыз ұйымдастырушысы. Бұл рөлді алып тастамас бұрын басқа ұйымдастырушыны шақырыңыз.',
  'team.already_removed': 'Бұл адамда енді бұл рөл жоқ (оны біреу алып тастап қойған).',
  'identity.signed_out': 'Сіз жүйеден шықтыңыз (басқа қойындыда, терезеде немесе құрылғыда). Енді жалпыға ортақ көріністі көресіз.',
  'identity.roles_changed': 'Осы форумдағы рөлдеріңіз өзгерді. Бұл бет енді сізге әлі қолжетімді әрекеттерді көрсетеді.',
};
