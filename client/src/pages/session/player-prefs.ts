import type { PreferredLayer } from '../../../../common/stream.contract';
import { isLang } from '../../i18n/lang';
import type { Lang } from '../../../../common/base';

// What the viewer chose for the player and for listening, remembered on this device. Kept
// apart from the player's UI: the boot code reads them to start the broadcast before the page loads.

const PREFS = 'birge.player';
export interface Prefs {
  audioOnly: boolean;
  layer: PreferredLayer;
  /** The viewer chose the standard stream (HLS) over live video. */
  standard: boolean;
}
export function readPrefs(): Prefs {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(PREFS) ?? '{}');
    const o = raw && typeof raw === 'object' ? raw : {};
    const layer = 'layer' in o && (o.layer === 'low' || o.layer === 'medium' || o.layer === 'high') ? o.layer : 'auto';
    return { audioOnly: 'audioOnly' in o && o.audioOnly === true, layer, standard: 'standard' in o && o.standard === true };
  } catch {
    return { audioOnly: false, layer: 'auto', standard: false };
  }
}
export function savePrefs(p: Prefs): void {
  try {
    localStorage.setItem(PREFS, JSON.stringify(p));
  } catch {
    // Preferences are a convenience.
  }
}

const KEY = 'birge.listen';

/** What a listener chose to hear and read, remembered on this device for every session. */
export interface ListenPrefs {
  channel: Lang | null;
  floorUnder: boolean;
  captions: Lang | null;
}

export function readListenPrefs(): ListenPrefs {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    return { channel: isLang(o.channel) ? o.channel : null, floorUnder: o.floorUnder === true, captions: isLang(o.captions) ? o.captions : null };
  } catch {
    return { channel: null, floorUnder: false, captions: null };
  }
}

export function saveListenPrefs(p: ListenPrefs): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(p));
  } catch {
    // Remembering is a convenience.
  }
}
