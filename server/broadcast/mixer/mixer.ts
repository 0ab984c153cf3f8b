/**
 * The program mixer inside its own process: one GStreamer pipeline per live session that
 * runs from the first command to the last, while inputs come and go and the layout changes.
 */
import path from 'node:path';
import * as gst from './gst';
import { AAC_DELAY_NS, inputDescription, programDescription, renditionDescription } from './pipeline';
import { SEGMENT_FILE, type Box, type InputSpec, type MixerEvent, type MixerSettings } from './protocol';

interface Input {
  spec: InputSpec;
  bin: gst.Ptr;
  mixer: gst.Ptr;
  mixerPad: gst.Ptr;
  rate: gst.Ptr;
}

const COMPOSITOR_KEEP_ASPECT = 1;

export class Mixer {
  readonly #pipeline: gst.Ptr;
  readonly #settings: MixerSettings;
  readonly #vmix: gst.Ptr;
  readonly #slatePad: gst.Ptr;
  readonly #mixers = new Map<string, gst.Ptr>();
  readonly #inputs = new Map<string, Input>();
  readonly #opened = new Map<string, bigint>();
  #wallAtZeroMs = 0;
  #stopping = false;

  constructor(
    settings: MixerSettings,
    private readonly emit: (e: MixerEvent) => void,
  ) {
    gst.init();
    this.#settings = settings;
    this.#pipeline = gst.parseLaunch(programDescription(settings));
    this.#vmix = gst.byName(this.#pipeline, 'vmix');
    this.#mixers.set('main', gst.byName(this.#pipeline, 'amix'));
    this.#slatePad = gst.staticPad(this.#vmix, 'sink_0');
    // Picture and sound in step as players decode them: the video waits out the AAC encoder's delay.
    const vparse = gst.byName(this.#pipeline, 'vparse');
    const encoded = gst.staticPad(vparse, 'src');
    gst.setPadOffset(encoded, AAC_DELAY_NS);
    gst.unref(encoded);
    gst.unref(vparse);
    const text = gst.byName(this.#pipeline, 'slatetext');
    gst.set(text, { text: ['str', settings.slateText] });
    gst.unref(text);
    gst.set(this.#slatePad, { zorder: ['uint', 0], alpha: ['double', 1] });
  }

  start(): void {
    gst.setState(this.#pipeline, gst.State.PLAYING);
    const { runningNs } = gst.clockNow(this.#pipeline);
    this.#wallAtZeroMs = Date.now() - Number(runningNs) / 1e6;
    this.emit({ type: 'ready', wallAtZeroMs: this.#wallAtZeroMs });
  }

  /** Builds an input's bin, starts it, and answers with the ports its sockets got. */
  addInput(spec: InputSpec): void {
    if (this.#inputs.has(spec.id)) this.removeInput(spec.id);
    const rendition = spec.rendition;
    const mixer = spec.kind === 'video' ? this.#vmix : this.#mixers.get(rendition);
    if (!mixer) throw new Error(`no rendition ${rendition}`);
    const bin = gst.parseBin(inputDescription(this.#settings, spec));
    gst.set(bin, { name: ['str', `in_${spec.id}`] });
    const out = gst.byName(bin, 'out');
    const ghost = gst.ghostSrc(bin, out);
    gst.unref(out);
    gst.binAdd(this.#pipeline, bin);
    const mixerPad = gst.requestPad(mixer, 'sink_%u');
    if (spec.kind === 'video') {
      // Hidden until the layout places it.
      gst.set(mixerPad, { alpha: ['double', 0], 'sizing-policy': ['int', COMPOSITOR_KEEP_ASPECT], zorder: ['uint', 1] });
    }
    gst.link(ghost, mixerPad);
    gst.syncStateWithParent(bin);
    const rate = spec.kind === 'video' ? gst.byName(bin, 'rate') : null;
    this.#inputs.set(spec.id, { spec, bin, mixer, mixerPad, rate });
    const [rtp, rtcp] = [gst.byName(bin, 'rtp'), gst.byName(bin, 'rtcp')];
    const ports = { rtpPort: gst.getInt(rtp, 'port'), rtcpPort: gst.getInt(rtcp, 'port') };
    gst.unref(rtp);
    gst.unref(rtcp);
    this.emit({ type: 'inputReady', id: spec.id, ...ports });
  }

  removeInput(id: string): void {
    const i = this.#inputs.get(id);
    if (!i) return;
    this.#inputs.delete(id);
    // The mixer's pad goes first: releasing it wakes the input's streaming thread if it waits
    // there for the aggregator, so stopping the bin cannot hang.
    gst.releasePad(i.mixer, i.mixerPad);
    gst.unref(i.mixerPad);
    gst.setState(i.bin, gst.State.NULL);
    gst.unref(i.rate);
    gst.binRemove(this.#pipeline, i.bin);
  }

  /** Applies a whole layout: listed video inputs placed, the others hidden, the slate on or off. */
  layout(slate: boolean, boxes: Box[]): void {
    const placed = new Map(boxes.map((b) => [b.id, b]));
    for (const [id, i] of this.#inputs) {
      if (i.spec.kind !== 'video') continue;
      const b = placed.get(id);
      if (b) gst.set(i.mixerPad, { xpos: ['int', b.x], ypos: ['int', b.y], width: ['int', b.w], height: ['int', b.h], zorder: ['uint', b.z], alpha: ['double', 1] });
      else gst.set(i.mixerPad, { alpha: ['double', 0] });
    }
    gst.set(this.#slatePad, { alpha: ['double', slate ? 1 : 0] });
  }

  /** A language channel: its own mix and segments, which audio inputs of that rendition join. */
  addRendition(rendition: string, startIndex: number): void {
    if (this.#mixers.has(rendition)) return;
    const bin = gst.parseBin(renditionDescription(this.#settings, rendition, startIndex));
    gst.set(bin, { name: ['str', `rendition_${rendition}`] });
    gst.binAdd(this.#pipeline, bin);
    this.#mixers.set(rendition, gst.byName(bin, `amix_${rendition}`));
    gst.syncStateWithParent(bin);
  }

  stats(): void {
    const frames: Record<string, number> = {};
    for (const [id, i] of this.#inputs) if (i.rate) frames[id] = gst.getInt(i.rate, 'in', 'uint64');
    this.emit({ type: 'stats', frames });
  }

  /** Ends every stream so the open segments are finished, then reports `stopped`. */
  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    if (!gst.sendEos(this.#pipeline)) this.#finish();
  }

  /** Reads what the pipeline reported since the last poll. */
  poll(): void {
    for (const m of gst.drainBus(this.#pipeline)) {
      if (m.type === 'eos') return this.#finish();
      if (m.type === 'element') this.#onElement(m.name, m.location, m.runningTime);
      else if (m.type === 'error') this.#onError(m.message, m.debug);
    }
  }

  #onElement(name: string, location: string | undefined, runningTime: bigint | undefined) {
    if (!location || runningTime === undefined) return;
    if (name === 'splitmuxsink-fragment-opened') this.#opened.set(location, runningTime);
    if (name !== 'splitmuxsink-fragment-closed') return;
    const start = this.#opened.get(location) ?? runningTime;
    this.#opened.delete(location);
    const file = path.basename(location);
    const m = SEGMENT_FILE.exec(file);
    if (!m) return;
    const rendition = m[1] === 'main' ? 'main' : m[1]!.slice('audio-'.length);
    this.emit({
      type: 'segment',
      rendition,
      file,
      index: Number(m[2]),
      durationS: Number(runningTime - start) / 1e9,
      startedAtMs: this.#wallAtZeroMs + Number(start) / 1e6,
      runningS: Number(start) / 1e9,
    });
  }

  #onError(message: string, debug: string) {
    const input = /\/GstBin:in_([A-Za-z0-9_-]+)/.exec(debug)?.[1];
    if (input) {
      // A broken input (e.g. undecodable stream) goes; the program carries on without it.
      // (One being removed may still report "not linked" on its way out: nothing to do.)
      if (!this.#inputs.has(input)) return;
      this.removeInput(input);
      this.emit({ type: 'inputFailed', id: input, error: message });
      return;
    }
    const diskFull = /no space left|ENOSPC/i.test(message + debug);
    // GStreamer's debug string names the element that failed: what the log needs to tell why a mixer died.
    this.emit({ type: 'error', message: debug ? `${message} (${debug.slice(0, 400)})` : message, fatal: true, diskFull });
    this.#finish(1);
  }

  #finish(code = 0) {
    gst.setState(this.#pipeline, gst.State.NULL);
    if (code === 0) this.emit({ type: 'stopped' });
    setImmediate(() => process.exit(code));
  }
}
