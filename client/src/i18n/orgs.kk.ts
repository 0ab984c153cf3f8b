import type { Plural } from './messages';
import type { orgsEn } from './orgs.en';

type Dict = { readonly [K in keyof typeof orgsEn]: (typeof orgsEn)[K] extends string ? string : Plural };

export const orgsKk: Dict = {
  'org.status_pending': 'растауды күтуде',
  'org.status_confirmed': 'расталды',
  'org.status_rejected': 'расталмады',
  'org.badge': 'Атынан: {name}',
};
