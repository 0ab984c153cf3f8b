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
  'broadcast.fallback_blocked': 'Желіңіз тікелей бейнені өткізбейді, сондықтан сіз стандартты ағынды көріп отырсыз.',
  'broadcast.fallback_full': 'Тікелей бейненің барлық орны толды, сондықтан сіз стандартты ағынды көріп отырсыз.',
  'broadcast.hls_starting': 'Стандартты ағын іске қосылуда…',
  'broadcast.hls_unsupported': 'Бұл браузер стандартты ағынды ойната алмайды.',
  'broadcast.replay_label': 'Сессияның жазбасы',
  'broadcast.chapters': 'Тараулар',
  'broadcast.answered': 'Жауап берілген сұрақтар',
  'broadcast.seek_to': 'Осы сәттен бастап көру',
  'broadcast.download_mp4': 'Бейнені жүктеп алу (MP4)',
  'broadcast.recommendations_link': 'Осы сессияның ұсынымдары',
  'broadcast.no_recording': 'Бұл сессияның жазбасы жоқ.',
  'broadcast.processing': 'Жазба дайындалуда. Ол жақында осы жерде пайда болады.',
  'broadcast.watch_again': 'Жазбаны көру',
  'broadcast.duration': 'Ұзақтығы {time}',
};
