import { LANG_NAMES, type Lang } from '../../common/base';
import type { CaptionLine } from '../../common/captions.contract';
import type { Logger } from '../../platform/logger';
import { MAX_CUE_MS } from '../../platform/webvtt';
import type { BroadcastService } from '../broadcast/broadcast.service';
import type { CaptionsService } from '../captions/captions.service';
import type { Channels, ChannelsEvents } from '../streaming/channels';

/** How long a live caption cue stays up in the HLS feed (the next line is not known yet). */
const LIVE_CUE_MS = 4000;

/**
 * Carries the languages into the program feed (issue 10's HLS and recordings): each language
 * channel becomes an alternate audio rendition (EXT-X-MEDIA TYPE=AUDIO, NAME in its own
 * language) fed by the channel's one producer, and each caption language a WebVTT subtitle
 * track whose cues are the captioners' lines. Returns the unsubscribe.
 */
export function feedRenditions(d: { channels: Channels; captions: CaptionsService; broadcast: BroadcastService; log: Logger }): () => void {
  const added = new Set<string>();
  const rendition = (lang: Lang) => ({ id: lang, language: lang, name: LANG_NAMES[lang] });
  const onChannel = ({ sessionId, channel }: ChannelsEvents['changed'][0]) => {
    const producerId = channel.producerId;
    // The channel's producer is new only when the channel (re)opens: add each once.
    if (!producerId || added.has(producerId)) return;
    added.add(producerId);
    void d.broadcast
      .program(sessionId)
      .then((p) => p?.addAudioRendition(rendition(channel.lang), producerId))
      .catch((err: unknown) => d.log.warn({ err, sessionId, lang: channel.lang }, 'the language channel could not join the program feed'));
  };
  const onLine = (line: CaptionLine) => {
    const hls = d.broadcast.hls(line.sessionId);
    if (!hls || line.revision > 1) return;
    const startMs = Date.parse(line.at);
    void hls
      .addSubtitleTrack(rendition(line.lang))
      .then(() => hls.addCue(line.lang, { startMs, endMs: startMs + Math.min(LIVE_CUE_MS, MAX_CUE_MS), text: line.text }))
      .catch((err: unknown) => d.log.warn({ err, sessionId: line.sessionId }, 'a caption did not reach the program feed'));
  };
  d.channels.on('changed', onChannel);
  const offLine = d.captions.onLine(onLine);
  return () => {
    d.channels.off('changed', onChannel);
    offLine();
  };
}
