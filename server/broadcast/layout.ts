/**
 * Where each video goes in the program frame. Pure: the program feeds it what is flowing and
 * who speaks, and sends the result to the mixer whenever it changes.
 *
 * - Someone shares a screen: the screen fills the frame, the active speaker's camera sits in
 *   a picture-in-picture corner.
 * - Otherwise every camera side by side (a grid from three on).
 * - Nothing to show: the slate ("the broadcast will resume shortly").
 */
import type { Box } from './mixer/protocol';

export interface LayoutInput {
  id: string;
  source: 'camera' | 'screen';
  /** Whose track it is (the speaker's account, or whoever is on stage). */
  speakerId: string;
  /** When it was added; the newest screen wins, cameras keep their order. */
  since: number;
}

export interface Layout {
  slate: boolean;
  boxes: Box[];
}

const MARGIN = 0.02;

/** Even numbers: I420 frames cannot be split on odd pixels. */
const even = (n: number) => Math.max(0, Math.round(n / 2) * 2);

export function layoutFor(inputs: readonly LayoutInput[], activeSpeaker: string | undefined, size: { width: number; height: number }): Layout {
  const { width: W, height: H } = size;
  const screens = inputs.filter((i) => i.source === 'screen').sort((a, b) => b.since - a.since);
  const cameras = inputs.filter((i) => i.source === 'camera').sort((a, b) => a.since - b.since || a.id.localeCompare(b.id));
  const screen = screens[0];
  if (screen) {
    const boxes: Box[] = [{ id: screen.id, x: 0, y: 0, w: W, h: H, z: 2 }];
    const face = cameras.find((c) => c.speakerId === activeSpeaker) ?? cameras.find((c) => c.speakerId === screen.speakerId) ?? cameras[0];
    if (face) {
      const w = even(W / 4);
      const h = even((w * 9) / 16);
      const m = even(W * MARGIN);
      boxes.push({ id: face.id, x: W - w - m, y: H - h - m, w, h, z: 3 });
    }
    return { slate: false, boxes };
  }
  if (!cameras.length) return { slate: true, boxes: [] };
  const n = cameras.length;
  // Side by side for two; a grid of columns × rows for more.
  const cols = n <= 2 ? n : Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const cw = even(W / cols);
  const ch = even(H / rows);
  return {
    slate: false,
    boxes: cameras.map((c, i) => {
      const row = Math.floor(i / cols);
      const inRow = row === rows - 1 ? n - row * cols : cols;
      // A short last row is centred.
      const offset = even(((cols - inRow) * cw) / 2);
      return { id: c.id, x: offset + (i % cols) * cw, y: row * ch, w: cw, h: ch, z: 2 };
    }),
  };
}

export function sameLayout(a: Layout | undefined, b: Layout): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
