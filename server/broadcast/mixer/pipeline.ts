/**
 * gst-launch descriptions of the program's parts. Pure: the mixer process assembles them.
 *
 * The program is two live aggregators that never stop: `compositor` (video) over a slate
 * card and `audiomixer` over silence. Both sources are live, so the aggregators produce
 * output at the frame rate whatever the inputs do; inputs are bins added and removed while
 * it runs, and the layout is pad properties. Segments are MPEG-TS from `splitmuxsink`.
 */
import type { InputSpec, MixerSettings } from './protocol';

const NS = 1_000_000;

/**
 * How much later than its input voaacenc's sound comes out of a decoder: 1602 samples at 48 kHz
 * (a click at t decodes at t + 33.4 ms, at every bitrate; measured with ffmpeg's decoder on the
 * encoder's MPEG-TS). MPEG-TS has no edit list to trim it, so every HLS player and the recording
 * would play the sound that late; the program moves its video by as much instead.
 */
export const AAC_DELAY_NS = BigInt(Math.round((1602 / 48_000) * 1e9));

/** Audio inside the mixers: one format, so no input ever needs the mixer to convert. */
export const AUDIO_CAPS = 'audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2';

/** Frames a second of the slate (see programDescription). */
const SLATE_FPS = 10;

function quote(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

/** The splitmuxsink location pattern of a rendition (see `segmentFile`). */
export function locationPattern(dir: string, rendition: string): string {
  return `${dir}/${rendition === 'main' ? 'main' : `audio-${rendition}`}-%05d.ts`;
}

function audioChain(s: MixerSettings, mixer: string, sink: string): string {
  const latency = s.latencyMs * 2 * NS;
  return [
    `audiomixer name=${mixer} ignore-inactive-pads=true latency=${latency} min-upstream-latency=${latency}`,
    `! ${AUDIO_CAPS} ! audioconvert ! voaacenc bitrate=${s.audioKbps * 1000} ! aacparse ! queue max-size-time=${2000 * NS}`,
    `! ${sink}`,
    // Silence keeps the mix (and its segments) going while nobody speaks.
    `audiotestsrc is-live=true wave=silence samplesperbuffer=960 ! ${AUDIO_CAPS} ! ${mixer}.`,
  ].join(' ');
}

/** The always-running part: slate, silence, mixers, encoders and the main segment writer. */
export function programDescription(s: MixerSettings): string {
  const latency = s.latencyMs * 2 * NS;
  const seg = Math.round(s.segmentSeconds * 1000) * NS;
  return [
    `compositor name=vmix background=black ignore-inactive-pads=true latency=${latency} min-upstream-latency=${latency}`,
    `! video/x-raw,format=I420,width=${s.width},height=${s.height},framerate=${s.fps}/1`,
    `! queue max-size-buffers=4`,
    // splitmuxsink holds a whole GOP before it cuts, so the GOP (1 s) is the segment writer's delay;
    // segments are whole GOPs. No B-frames: frames leave the encoder as they come in.
    `! x264enc tune=zerolatency speed-preset=${s.preset} bitrate=${s.videoKbps} key-int-max=${s.fps} bframes=0`,
    `! video/x-h264,profile=main ! h264parse name=vparse config-interval=-1 ! queue max-size-time=${2000 * NS} ! sm.video`,
    audioChain(s, 'amix', 'sm.audio_0'),
    `splitmuxsink name=sm muxer=mpegtsmux max-size-time=${seg} send-keyframe-requests=true start-index=${s.startIndex} location=${quote(locationPattern(s.dir, 'main'))}`,
    // The slate: a still card, so a few frames a second are enough. Not one: at the end the
    // compositor fills out the last slate frame's duration, and a 1 s frame left the final
    // segment with a second of picture after the session had ended and the sound had stopped.
    `videotestsrc is-live=true pattern=solid-color foreground-color=0xff1d2b3a ! video/x-raw,width=${s.width},height=${s.height},framerate=${SLATE_FPS}/1`,
    `! textoverlay name=slatetext font-desc="DejaVu Sans ${Math.max(10, Math.round(s.height / 24))}" valignment=center halignment=center line-alignment=center`,
    `! vmix.sink_0`,
  ].join(' ');
}

/** An extra audio rendition (a language channel): its own mix over silence and its own segments. */
export function renditionDescription(s: MixerSettings, rendition: string, startIndex: number): string {
  const seg = Math.round(s.segmentSeconds * 1000) * NS;
  return [
    audioChain(s, `amix_${rendition}`, `sm_${rendition}.audio_0`),
    `splitmuxsink name=sm_${rendition} muxer=mpegtsmux max-size-time=${seg} start-index=${startIndex} location=${quote(locationPattern(s.dir, rendition))}`,
  ].join(' ');
}

const DEPAY: Record<InputSpec['codec'], string> = {
  VP8: 'rtpvp8depay request-keyframe=true wait-for-keyframe=true ! vp8dec',
  H264: 'rtph264depay request-keyframe=true wait-for-keyframe=true ! h264parse ! avdec_h264',
  OPUS: 'rtpopusdepay ! opusdec plc=true',
};

/**
 * One input: RTP and RTCP from a mediasoup consumer on loopback (ports picked by the
 * kernel, read back after start), through its own rtpbin. `ntp-sync` maps every input to
 * the capture clock carried in the sender reports, so audio and video of different inputs
 * line up in the mix; until the first report arrives, arrival time stands in.
 */
export function inputDescription(s: MixerSettings, input: InputSpec): string {
  const media = input.kind;
  const caps = `application/x-rtp,media=${media},clock-rate=${input.clockRate},encoding-name=${input.codec},payload=${input.payloadType}`;
  const tail =
    media === 'video'
      ? `! videorate name=rate skip-to-first=true ! video/x-raw,framerate=${s.fps}/1 ! videoconvert ! queue name=out max-size-buffers=3 leaky=downstream`
      : `! audioconvert ! audioresample ! ${AUDIO_CAPS} ! queue name=out max-size-time=${500 * NS} leaky=downstream`;
  return [
    `rtpbin name=rb latency=${s.latencyMs} ntp-sync=true buffer-mode=synced do-retransmission=false`,
    `udpsrc name=rtp address=127.0.0.1 port=0 caps=${quote(caps)} ! rb.recv_rtp_sink_0`,
    `udpsrc name=rtcp address=127.0.0.1 port=0 caps="application/x-rtcp" ! rb.recv_rtcp_sink_0`,
    `rb. ! ${DEPAY[input.codec]} ${tail}`,
  ].join(' ');
}
