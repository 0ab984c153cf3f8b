import { describe, expect, it } from 'vitest';
import { DEFAULT_GOVERNOR, LayerGovernor, type GovernedConsumer } from '../../server/streaming/layer-governor';

const layers = [150_000, 500_000, 1_200_000];
const camera = (wanted = 2): GovernedConsumer => ({ id: 'cam', priority: 1, wanted, layerBitrates: layers });
const screen: GovernedConsumer = { id: 'screen', priority: 2, wanted: 2, layerBitrates: layers };
const hold = DEFAULT_GOVERNOR.holdMs;

describe('layer governor', () => {
  it('starts a consumer at the highest layer the estimate can carry', () => {
    const g = new LayerGovernor();
    expect(g.update(0, 3_000_000, [camera()], 1)).toEqual(new Map([['cam', 2]]));
    const h = new LayerGovernor();
    expect(h.update(0, 800_000, [camera()], 1)).toEqual(new Map([['cam', 1]]));
  });

  it('never goes above the layer the viewer chose', () => {
    const g = new LayerGovernor();
    expect(g.update(0, 10_000_000, [camera(0)], 0)).toEqual(new Map([['cam', 0]]));
    expect(g.update(hold * 10, 10_000_000, [camera(0)], 0).size).toBe(0);
  });

  it('steps down only after consecutive low estimates, so one dip is ignored', () => {
    const g = new LayerGovernor();
    g.update(0, 3_000_000, [camera()], 0);
    expect(g.update(1000, 400_000, [camera()], 0).size).toBe(0);
    expect(g.update(2000, 3_000_000, [camera()], 0).size).toBe(0);
    expect(g.update(3000, 400_000, [camera()], 0).size).toBe(0);
    expect(g.update(4000, 400_000, [camera()], 0)).toEqual(new Map([['cam', 0]]));
  });

  it('waits out a hold before stepping up, and doubles the hold each time a step up fails', () => {
    const g = new LayerGovernor();
    g.update(0, 3_000_000, [camera()], 0);
    g.update(1000, 600_000, [camera()], 0);
    expect(g.update(2000, 600_000, [camera()], 0)).toEqual(new Map([['cam', 1]]));
    // The link recovers at once, but the hold (doubled by the drop) is not over.
    expect(g.update(2000 + hold, 3_000_000, [camera()], 0).size).toBe(0);
    expect(g.update(2000 + 2 * hold, 3_000_000, [camera()], 0)).toEqual(new Map([['cam', 2]]));
    // The top layer fails again: down, and now the hold is four times the base.
    const t = 2000 + 2 * hold;
    g.update(t + 1000, 600_000, [camera()], 0);
    expect(g.update(t + 2000, 600_000, [camera()], 0)).toEqual(new Map([['cam', 1]]));
    expect(g.update(t + 2000 + 3 * hold, 3_000_000, [camera()], 0).size).toBe(0);
    expect(g.update(t + 2000 + 4 * hold, 3_000_000, [camera()], 0)).toEqual(new Map([['cam', 2]]));
  });

  it('probes one layer up after the hold even when the estimate shows no room (estimates rarely exceed what is sent)', () => {
    const g = new LayerGovernor();
    g.update(0, 400_000, [camera()], 0);
    expect(g.update(hold, 400_000, [camera()], 0)).toEqual(new Map([['cam', 1]]));
  });

  it('serves the screen share before the camera when they compete', () => {
    const g = new LayerGovernor();
    const caps = g.update(0, 1_900_000, [camera(), screen], 0);
    expect(caps.get('screen')).toBe(2);
    expect(caps.get('cam')).toBe(0);
  });

  it('follows a viewer who lowers their choice at once and one who raises it as far as the link allows', () => {
    const g = new LayerGovernor();
    g.update(0, 3_000_000, [camera()], 0);
    expect(g.update(100, 3_000_000, [camera(0)], 0)).toEqual(new Map([['cam', 0]]));
    expect(g.update(200, 3_000_000, [camera(2)], 0)).toEqual(new Map([['cam', 2]]));
  });
});
