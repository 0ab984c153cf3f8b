import type { Plural } from './messages';
import type { teamEn } from './team.en';

type Dict = { readonly [K in keyof typeof teamEn]: (typeof teamEn)[K] extends string ? string : Plural };

export const teamKk: Dict = {
  'identity.signed_out': 'Сіз жүйеден шықтыңыз (басқа қойындыда, терезеде немесе құрылғыда). Енді жалпыға ортақ көріністі көресіз.',
  'identity.roles_changed': 'Осы форумдағы рөлдеріңіз өзгерді. Бұл бет енді сізге әлі қолжетімді әрекеттерді көрсетеді.',
};
