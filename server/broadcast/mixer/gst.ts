/**
 * The few GStreamer 1.22 calls the program mixer makes, through koffi (C FFI) on Debian's
 * libgstreamer. Only called from the mixer process's main thread, and never with a callback:
 * GStreamer's streaming threads run on their own, and everything the mixer learns from them
 * comes off the bus (polled) or from element properties (read).
 */
import koffi, { type LibraryHandle } from 'koffi';

const gst = koffi.load('libgstreamer-1.0.so.0');
const gobject = koffi.load('libgobject-2.0.so.0');
const glib = koffi.load('libglib-2.0.so.0');
const libc = koffi.load('libc.so.6');

/** An opaque GStreamer/GObject pointer (null when a call found nothing). */
export type Ptr = object | null;

/** koffi gives untyped functions; each one is declared here with the C signature's TypeScript shape. */
function fn<F>(lib: LibraryHandle, signature: string): F {
  return lib.func(signature) as F;
}
type P = Ptr;
type Out = [P];

const GError = koffi.struct('GError', { domain: 'uint32', code: 'int', message: 'char *' });

const f = {
  init: fn<(a: null, b: null) => void>(gst, 'void gst_init(void *, void *)'),
  parseLaunch: fn<(d: string, err: Out) => P>(gst, 'void *gst_parse_launch(const char *, _Out_ void **)'),
  parseBin: fn<(d: string, ghost: boolean, err: Out) => P>(gst, 'void *gst_parse_bin_from_description(const char *, bool, _Out_ void **)'),
  setState: fn<(el: P, state: number) => number>(gst, 'int gst_element_set_state(void *, int)'),
  syncState: fn<(el: P) => boolean>(gst, 'bool gst_element_sync_state_with_parent(void *)'),
  binAdd: fn<(bin: P, el: P) => boolean>(gst, 'bool gst_bin_add(void *, void *)'),
  binRemove: fn<(bin: P, el: P) => boolean>(gst, 'bool gst_bin_remove(void *, void *)'),
  byName: fn<(bin: P, name: string) => P>(gst, 'void *gst_bin_get_by_name(void *, const char *)'),
  staticPad: fn<(el: P, name: string) => P>(gst, 'void *gst_element_get_static_pad(void *, const char *)'),
  requestPad: fn<(el: P, template: string) => P>(gst, 'void *gst_element_request_pad_simple(void *, const char *)'),
  releasePad: fn<(el: P, pad: P) => void>(gst, 'void gst_element_release_request_pad(void *, void *)'),
  ghostPad: fn<(name: string, target: P) => P>(gst, 'void *gst_ghost_pad_new(const char *, void *)'),
  addPad: fn<(el: P, pad: P) => boolean>(gst, 'bool gst_element_add_pad(void *, void *)'),
  padLink: fn<(src: P, sink: P) => number>(gst, 'int gst_pad_link(void *, void *)'),
  padSetOffset: fn<(pad: P, offset: bigint) => void>(gst, 'void gst_pad_set_offset(void *, int64)'),
  unref: fn<(obj: P) => void>(gst, 'void gst_object_unref(void *)'),
  baseTime: fn<(el: P) => bigint>(gst, 'uint64 gst_element_get_base_time(void *)'),
  getClock: fn<(el: P) => P>(gst, 'void *gst_element_get_clock(void *)'),
  clockTime: fn<(clock: P) => bigint>(gst, 'uint64 gst_clock_get_time(void *)'),
  getBus: fn<(el: P) => P>(gst, 'void *gst_element_get_bus(void *)'),
  popFiltered: fn<(bus: P, timeout: bigint, types: number) => P>(gst, 'void *gst_bus_timed_pop_filtered(void *, uint64, int)'),
  msgStructure: fn<(m: P) => P>(gst, 'void *gst_message_get_structure(void *)'),
  parseError: fn<(m: P, err: Out, debug: Out) => void>(gst, 'void gst_message_parse_error(void *, _Out_ void **, _Out_ void **)'),
  parseWarning: fn<(m: P, err: Out, debug: Out) => void>(gst, 'void gst_message_parse_warning(void *, _Out_ void **, _Out_ void **)'),
  msgUnref: fn<(m: P) => void>(gst, 'void gst_mini_object_unref(void *)'),
  structName: fn<(s: P) => string>(gst, 'const char *gst_structure_get_name(void *)'),
  structString: fn<(s: P, field: string) => string | null>(gst, 'const char *gst_structure_get_string(void *, const char *)'),
  structU64: fn<(s: P, field: string, out: [bigint]) => boolean>(gst, 'bool gst_structure_get_uint64(void *, const char *, _Out_ uint64 *)'),
  sendEos: fn<(el: P, event: P) => boolean>(gst, 'bool gst_element_send_event(void *, void *)'),
  eosEvent: fn<() => P>(gst, 'void *gst_event_new_eos()'),
  objectSet: fn<(...args: unknown[]) => void>(gobject, 'void g_object_set(void *, const char *, ...)'),
  objectGet: fn<(...args: unknown[]) => void>(gobject, 'void g_object_get(void *, const char *, ...)'),
  errorFree: fn<(e: P) => void>(glib, 'void g_error_free(void *)'),
  free: fn<(p: P) => void>(glib, 'void g_free(void *)'),
  prctl: fn<(...args: unknown[]) => number>(libc, 'int prctl(int, ...)'),
  getppid: fn<() => number>(libc, 'int getppid()'),
};

export const State = { NULL: 1, READY: 2, PAUSED: 3, PLAYING: 4 } as const;
const STATE_CHANGE_FAILURE = 0;
const MSG = { EOS: 1 << 0, ERROR: 1 << 1, WARNING: 1 << 2, ELEMENT: 1 << 15 } as const;

export class GstError extends Error {
  override readonly name = 'GstError';
}

let initialized = false;

/** gst_init once per process. */
export function init(): void {
  if (initialized) return;
  f.init(null, null);
  initialized = true;
}

function takeError(out: Out): string | undefined {
  const e = out[0];
  if (!e) return undefined;
  const { message } = koffi.decode(e, GError) as { message: string };
  f.errorFree(e);
  return message;
}

/** A pipeline from a gst-launch description. */
export function parseLaunch(description: string): Ptr {
  const err: Out = [null];
  const p = f.parseLaunch(description, err);
  const msg = takeError(err);
  if (!p || msg) throw new GstError(`pipeline description refused: ${msg ?? 'unknown error'}`);
  return p;
}

/** A bin from a description, without automatic ghost pads (delayed links inside stay free). */
export function parseBin(description: string): Ptr {
  const err: Out = [null];
  const b = f.parseBin(description, false, err);
  const msg = takeError(err);
  if (!b || msg) throw new GstError(`bin description refused: ${msg ?? 'unknown error'}`);
  return b;
}

export function setState(el: Ptr, state: number): void {
  if (f.setState(el, state) === STATE_CHANGE_FAILURE) throw new GstError(`state change to ${state} failed`);
}

export function syncStateWithParent(el: Ptr): void {
  if (!f.syncState(el)) throw new GstError('could not start an element with its pipeline');
}

export function binAdd(bin: Ptr, el: Ptr): void {
  if (!f.binAdd(bin, el)) throw new GstError('could not add an element');
}

export function binRemove(bin: Ptr, el: Ptr): void {
  f.binRemove(bin, el);
}

/** An element by name (recursive); the caller owns the reference. */
export function byName(bin: Ptr, name: string): Ptr {
  const el = f.byName(bin, name);
  if (!el) throw new GstError(`no element named ${name}`);
  return el;
}

export function staticPad(el: Ptr, name: string): Ptr {
  const p = f.staticPad(el, name);
  if (!p) throw new GstError(`no pad ${name}`);
  return p;
}

export function requestPad(el: Ptr, template: string): Ptr {
  const p = f.requestPad(el, template);
  if (!p) throw new GstError(`no request pad ${template}`);
  return p;
}

export function releasePad(el: Ptr, pad: Ptr): void {
  f.releasePad(el, pad);
}

/** Exposes an inner element's src pad on its bin as `name`. */
export function ghostSrc(bin: Ptr, inner: Ptr, name = 'src'): Ptr {
  const target = staticPad(inner, 'src');
  const ghost = f.ghostPad(name, target);
  unref(target);
  if (!ghost || !f.addPad(bin, ghost)) throw new GstError('could not add a ghost pad');
  return ghost;
}

/** Moves the running time of everything that leaves `pad` by `ns` (positive: later). */
export function setPadOffset(pad: Ptr, ns: bigint): void {
  f.padSetOffset(pad, ns);
}

export function link(src: Ptr, sink: Ptr): void {
  const r = f.padLink(src, sink);
  if (r !== 0) throw new GstError(`pad link failed (${r})`);
}

export function unref(obj: Ptr | undefined): void {
  if (obj) f.unref(obj);
}

export function sendEos(el: Ptr): boolean {
  return f.sendEos(el, f.eosEvent());
}

type Value = number | bigint | boolean | string;
export type PropType = 'int' | 'uint' | 'uint64' | 'double' | 'bool' | 'str';
const C_TYPE: Record<PropType, string> = { int: 'int', uint: 'uint', uint64: 'uint64', double: 'double', bool: 'int', str: 'const char *' };

/** g_object_set with explicit C types (varargs carry no type information). */
export function set(obj: Ptr, props: Record<string, [PropType, Value]>): void {
  const entries = Object.entries(props);
  if (!entries.length) return;
  const [first, ...rest] = entries;
  const args: unknown[] = [obj, first![0], C_TYPE[first![1][0]], norm(first![1])];
  for (const [k, v] of rest) args.push('const char *', k, C_TYPE[v[0]], norm(v));
  args.push('void *', null);
  f.objectSet(...args);
}

function norm([type, v]: [PropType, Value]): Value {
  if (type === 'bool') return v ? 1 : 0;
  if (type === 'uint64') return BigInt(v);
  return v;
}

/** Reads an integer property (int, uint or uint64) through g_object_get. */
export function getInt(obj: Ptr, prop: string, type: 'int' | 'uint64' = 'int'): number {
  const out = Buffer.alloc(8);
  f.objectGet(obj, prop, 'void *', out, 'void *', null);
  return type === 'int' ? out.readInt32LE(0) : Number(out.readBigUInt64LE(0));
}

/** Running time now, and the wall clock it corresponds to. */
export function clockNow(pipeline: Ptr): { runningNs: bigint; base: bigint } {
  const clock = f.getClock(pipeline);
  if (!clock) throw new GstError('the pipeline has no clock yet');
  const now = f.clockTime(clock);
  unref(clock);
  const base = f.baseTime(pipeline);
  return { runningNs: now - base, base };
}

export type BusMessage =
  | { type: 'error'; message: string; debug: string; source: string }
  | { type: 'warning'; message: string; debug: string; source: string }
  | { type: 'eos' }
  | { type: 'element'; name: string; location: string | undefined; runningTime: bigint | undefined };

/** Takes every pending message of interest off the bus, without waiting. */
export function drainBus(pipeline: Ptr): BusMessage[] {
  const bus = f.getBus(pipeline);
  const out: BusMessage[] = [];
  try {
    for (;;) {
      const m = f.popFiltered(bus, 0n, MSG.EOS | MSG.ERROR | MSG.WARNING | MSG.ELEMENT);
      if (!m) break;
      try {
        out.push(readMessage(m));
      } finally {
        f.msgUnref(m);
      }
    }
  } finally {
    unref(bus);
  }
  return out;
}

function readMessage(m: Ptr): BusMessage {
  const s = f.msgStructure(m);
  // Of the types we pop, only EOS has no structure.
  if (!s) return { type: 'eos' };
  const name = f.structName(s);
  if (name === 'GstMessageError' || name === 'GstMessageWarning') {
    const err: Out = [null];
    const dbg: Out = [null];
    (name === 'GstMessageError' ? f.parseError : f.parseWarning)(m, err, dbg);
    const message = takeError(err) ?? 'unknown';
    const debug = dbg[0] ? (koffi.decode(dbg[0], 'char', -1) as string) : '';
    if (dbg[0]) f.free(dbg[0]);
    return { type: name === 'GstMessageError' ? 'error' : 'warning', message, debug, source: debug.split(':')[0] ?? '' };
  }
  const rt: [bigint] = [0n];
  const hasRt = f.structU64(s, 'running-time', rt);
  return { type: 'element', name, location: f.structString(s, 'location') ?? undefined, runningTime: hasRt ? rt[0] : undefined };
}

/**
 * Asks the kernel to kill this process when its parent dies (PR_SET_PDEATHSIG), so a
 * SIGKILLed server never leaves a mixer behind. Returns false if the parent is already gone.
 */
export function dieWithParent(parentPid: number): boolean {
  const PR_SET_PDEATHSIG = 1;
  const SIGKILL = 9;
  f.prctl(PR_SET_PDEATHSIG, 'unsigned long', SIGKILL);
  return f.getppid() === parentPid;
}
