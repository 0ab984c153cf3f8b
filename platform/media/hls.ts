/**
 * HLS playlists (RFC 8216) of a session's program, as text. Pure: the session's HLS files
 * (hls-files.ts) decide when to write them.
 */

export interface Segment {
  /** `main` or an audio language rendition. */
  rendition: string;
  file: string;
  index: number;
  durationS: number;
  /** Wall clock of the segment's first frame (EXT-X-PROGRAM-DATE-TIME). */
  startedAtMs: number;
  /** The mixer was restarted before this segment: timestamps start over. */
  discontinuity: boolean;
}

export interface AudioRendition {
  /** Rendition id (`kk`, …), also its file prefix. */
  id: string;
  /** BCP 47 language tag. */
  language: string;
  /** Name in that language (shown in players). */
  name: string;
}

export interface SubtitleTrack {
  id: string;
  language: string;
  name: string;
}

/** How many segments the live playlist keeps (players start three target durations back). */
export const LIVE_WINDOW = 6;

const pdt = (ms: number) => new Date(Math.round(ms)).toISOString();

function segmentLines(s: Segment, uri = s.file): string[] {
  return [...(s.discontinuity ? ['#EXT-X-DISCONTINUITY'] : []), `#EXT-X-PROGRAM-DATE-TIME:${pdt(s.startedAtMs)}`, `#EXTINF:${s.durationS.toFixed(3)},`, uri];
}

/**
 * EXT-X-TARGETDURATION: every EXTINF rounded to the nearest integer must not exceed it (RFC 8216
 * 4.3.3.1). Rounding up instead would make a 2 s playlist say 3 for one segment of 2.03 s, and
 * players reload and sit back by the target duration.
 */
export function targetDuration(segments: readonly Segment[], nominal: number): number {
  return Math.max(Math.ceil(nominal), ...segments.map((s) => Math.round(s.durationS)));
}

/**
 * The live playlist: the last {@link LIVE_WINDOW} segments. Media and discontinuity
 * sequence numbers count what slid out, so players keep their place across refreshes.
 * It offers blocking reloads (`?_HLS_msn=N` is answered once segment N is listed), so a
 * player hears of a segment when it is written instead of at its next poll.
 */
export function livePlaylist(all: readonly Segment[], nominal: number): string {
  const from = Math.max(0, all.length - LIVE_WINDOW);
  const window = all.slice(from);
  const discontinuitySeq = all.slice(0, from).filter((s) => s.discontinuity).length;
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    `#EXT-X-TARGETDURATION:${targetDuration(all, nominal)}`,
    '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES',
    `#EXT-X-MEDIA-SEQUENCE:${from}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuitySeq}`,
    ...window.flatMap((s, i) => (i === 0 ? segmentLines({ ...s, discontinuity: false }) : segmentLines(s))),
    '',
  ].join('\n');
}

/** The head of an append-only EVENT playlist (the recording while it grows). */
export function eventHeader(nominal: number): string {
  return ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS', `#EXT-X-TARGETDURATION:${Math.ceil(nominal) + 1}`, '#EXT-X-PLAYLIST-TYPE:EVENT', '#EXT-X-MEDIA-SEQUENCE:0', ''].join('\n');
}

/** What one segment appends to an EVENT playlist. */
export function eventLines(s: Segment, first: boolean): string {
  return segmentLines(first ? { ...s, discontinuity: false } : s).join('\n') + '\n';
}

export const EVENT_END = '#EXT-X-ENDLIST\n';

/** A finished recording (VOD), e.g. after trimming. */
export function vodPlaylist(segments: readonly Segment[], nominal: number): string {
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    `#EXT-X-TARGETDURATION:${targetDuration(segments, nominal)}`,
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-MEDIA-SEQUENCE:0',
    ...segments.flatMap((s, i) => (i === 0 ? segmentLines({ ...s, discontinuity: false }) : segmentLines(s))),
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

export interface VariantInfo {
  width: number;
  height: number;
  videoKbps: number;
  audioKbps: number;
  /** Language of the floor audio carried in the main stream, when known. */
  floorLanguage?: string;
  floorName: string;
}

const attr = (s: string) => s.replace(/[",\n\r]/g, ' ');

/**
 * The multivariant playlist: one video variant (with the floor audio muxed in), every extra
 * audio language as an alternate rendition and every caption language as subtitles.
 * `suffix` picks the live (`.m3u8`) or recorded (`.vod.m3u8`) media playlists.
 */
export function multivariant(v: VariantInfo, audio: readonly AudioRendition[], subtitles: readonly SubtitleTrack[], suffix: '' | '.vod'): string {
  const level = v.width * v.height > 1280 * 720 ? '28' : '1f';
  const bandwidth = Math.round((v.videoKbps + v.audioKbps * (1 + audio.length)) * 1000 * 1.15);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  if (audio.length) {
    const lang = v.floorLanguage ? `,LANGUAGE="${attr(v.floorLanguage)}"` : '';
    lines.push(`#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="${attr(v.floorName)}"${lang},DEFAULT=YES,AUTOSELECT=YES`);
    for (const a of audio) {
      lines.push(`#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="${attr(a.name)}",LANGUAGE="${attr(a.language)}",DEFAULT=NO,AUTOSELECT=YES,URI="audio-${a.id}${suffix}.m3u8"`);
    }
  }
  for (const s of subtitles) {
    lines.push(`#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="${attr(s.name)}",LANGUAGE="${attr(s.language)}",DEFAULT=NO,AUTOSELECT=YES,URI="subs-${s.id}${suffix}.m3u8"`);
  }
  const groups = `${audio.length ? ',AUDIO="aud"' : ''}${subtitles.length ? ',SUBTITLES="subs"' : ''}`;
  lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${bandwidth},RESOLUTION=${v.width}x${v.height},CODECS="avc1.4d40${level},mp4a.40.2"${groups}`, `main${suffix}.m3u8`, '');
  return lines.join('\n');
}

/** Hours, minutes, seconds and milliseconds as WebVTT writes them. */
export function vttTime(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(t % 1000, 3)}`;
}

export interface Cue {
  startMs: number;
  endMs: number;
  text: string;
}

/** A WebVTT document; cue text is escaped (it is people's words, never markup). */
export function webvtt(cues: readonly Cue[], header = ''): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/-->/g, '--&gt;');
  return ['WEBVTT' + (header ? `\n${header}` : ''), '', ...cues.flatMap((c) => [`${vttTime(c.startMs)} --> ${vttTime(c.endMs)}`, esc(c.text), ''])].join('\n');
}
