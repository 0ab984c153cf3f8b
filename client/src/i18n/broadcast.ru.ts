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
};
