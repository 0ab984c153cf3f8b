import type { broadcastEn } from './broadcast.en';

/** Трансляция: көру режимдері, жазбалар, ұйымдастырушыларға арналған жазбаны басқару. */
export const broadcastKk: { readonly [K in keyof typeof broadcastEn]: string } = {
  'broadcast.mode_label': 'Көру',
  'broadcast.mode_webrtc': 'Тікелей бейне',
  'broadcast.mode_webrtc_hint': 'ең аз кідіріс',
  'broadcast.mode_hls': 'Стандартты ағын',
  'broadcast.mode_hls_hint': 'бірнеше секунд кешігеді, кез келген желіде жұмыс істейді',
  'broadcast.use_standard': 'Стандартты ағынды көру',
  'broadcast.use_live': 'Тікелей бейнеге оралу',
};
