import type { Plural } from './messages';
import type { teamEn } from './team.en';

type Dict = { readonly [K in keyof typeof teamEn]: (typeof teamEn)[K] extends string ? string : Plural };

export const teamRu: Dict = {
  'team.caption': 'Люди и их роли в этом форуме',
  'team.person': 'Человек',
  'team.role': 'Роль',
  'team.where': 'Где',
  'team.actions': 'Действия',
  'team.you': 'вы',
  'team.forum_wide': 'весь форум',
  'team.unknown_session': 'удалённая сессия',
  'team.remove': 'Снять',
  'team.remove_label': 'Снять роль «{role}» с участника {name}',
  'team.remove_title': 'Снять роль «{role}»',
  'team.remove_confirm': '{name} больше не будет в роли «{role}» нигде в этом форуме.',
  'team.remove_effect': 'Открытые страницы этого человека сразу потеряют эту роль. Чтобы вернуть её, отправьте новое приглашение.',
  'team.remove_role': 'Снять роль «{role}»',
  'team.removed': '{name} больше не в роли «{role}» в этом форуме.',
  'team.last_organizer': 'Это единственный организатор форума. Пригласите другого организатора, прежде чем снимать эту роль.',
  'team.already_removed': 'У этого человека уже нет этой роли (её кто-то уже снял).',
  'identity.signed_out': 'Вы вышли из системы (в другой вкладке, окне или на другом устройстве). Теперь вы видите публичный вид.',
  'identity.roles_changed': 'Ваши роли в этом форуме изменились. Страница теперь показывает то, что вам по-прежнему доступно.',
};
