import type { broadcastEn } from './broadcast.en';

/** Трансляция: режимы просмотра, записи, управление записью для организаторов. */
export const broadcastRu: { readonly [K in keyof typeof broadcastEn]: string } = {
  'broadcast.mode_label': 'Просмотр',
  'broadcast.mode_webrtc': 'Живое видео',
  'broadcast.mode_webrtc_hint': 'минимальная задержка',
  'broadcast.mode_hls': 'Стандартный поток',
  'broadcast.mode_hls_hint': 'отстаёт на несколько секунд, работает в любой сети',
  'broadcast.use_standard': 'Смотреть стандартный поток',
  'broadcast.use_live': 'Вернуться к живому видео',
  'broadcast.fallback_blocked': 'Ваша сеть не пропускает живое видео, поэтому вы смотрите стандартный поток.',
  'broadcast.fallback_full': 'Все места для живого видео заняты, поэтому вы смотрите стандартный поток.',
  'broadcast.hls_starting': 'Стандартный поток запускается…',
  'broadcast.hls_unsupported': 'Этот браузер не может воспроизвести стандартный поток.',
  'broadcast.replay_label': 'Запись сессии',
  'broadcast.chapters': 'Главы',
  'broadcast.answered': 'Вопросы, на которые ответили',
  'broadcast.seek_to': 'Смотреть с момента',
  'broadcast.download_mp4': 'Скачать видео (MP4)',
  'broadcast.recommendations_link': 'Рекомендации этой сессии',
  'broadcast.no_recording': 'Записи этой сессии нет.',
  'broadcast.processing': 'Запись готовится. Скоро она появится здесь.',
  'broadcast.watch_again': 'Смотреть запись',
  'broadcast.duration': 'Длительность {time}',
};
