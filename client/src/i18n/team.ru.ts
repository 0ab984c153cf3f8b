import type { Plural } from './messages';
import type { teamEn } from './team.en';

type Dict = { readonly [K in keyof typeof teamEn]: (typeof teamEn)[K] extends string ? string : Plural };

export const teamRu: Dict = {
  'identity.signed_out': 'Вы вышли из системы (в другой вкладке, окне или на другом устройстве). Теперь вы видите публичный вид.',
  'identity.roles_changed': 'Ваши роли в этом форуме изменились. Страница теперь показывает то, что вам по-прежнему доступно.',
};
