import { describe, expect, it } from 'vitest';
import { DEFAULT_GOVERNOR, LayerGovernor, type GovernedConsumer } from '../../server/streaming/layer-governor';

const layers = [150_000, 500_000, 1_200_000];
const camera = (wanted = 2): GovernedConsumer => ({ id: 'cam', priority: 1, wanted, layerBitrates: layers });
const screen: GovernedConsumer = { id: 'screen', priority: 2, wanted: 2, layerBitrates: layers };
const { holdMs: hold, lowMs: low, warmupMs: warmup } = DEFAULT_GOVERNOR;
const changes = (entries: [string, number][]) => new Map(entries);

/** A governor that has seen the consumers at t=0 and whose warm-up is over at `warmup`. */
function governed(...consumers: GovernedConsumer[]) {
  const g = new LayerGovernor();
  g.update(0, 3_000_000, consumers, 0);
  return g;
}

describe('layer governor', () => {
  it("starts a consumer at the viewer's choice and leaves the first seconds of a connection to mediasoup", () => {
    const g = new LayerGovernor();
    expect(g.update(0, 300_000, [camera()], 1).size).toBe(0);
    expect(g.update(1000, 300_000, [camera()], 1).size).toBe(0);
    expect(g.update(warmup, 300_000, [camera()], 1)).toEqual(changes([['cam', 0]]));
  });

  it('never goes above the layer the viewer chose', () => {
    const g = governed(camera(0));
    expect(g.update(hold * 10, 10_000_000, [camera(0)], 0).size).toBe(0);
  });

  it('steps down only when estimates stay low for a while, so a dip is ignored', () => {
    const g = governed(camera());
    const t = warmup * 2;
    expect(g.update(t, 400_000, [camera()], 0).size).toBe(0);
    expect(g.update(t + 1000, 3_000_000, [camera()], 0).size).toBe(0);
    expect(g.update(t + 2000, 400_000, [camera()], 0).size).toBe(0);
    expect(g.update(t + 2000 + low / 2, 400_000, [camera()], 0).size).toBe(0);
    expect(g.update(t + 2000 + low, 400_000, [camera()], 0)).toEqual(changes([['cam', 0]]));
  });

  it('waits out a hold before stepping up, and doubles the hold each time a step up fails', () => {
    const g = governed(camera());
    const t = warmup * 2;
    g.update(t, 600_000, [camera()], 0);
    expect(g.update(t + low, 600_000, [camera()], 0)).toEqual(changes([['cam', 1]]));
    // The link recovers at once, but the hold (doubled by the drop) is not over.
    expect(g.update(t + low + hold, 3_000_000, [camera()], 0).size).toBe(0);
    const up = t + low + 2 * hold;
    expect(g.update(up, 3_000_000, [camera()], 0)).toEqual(changes([['cam', 2]]));
    // The top layer fails again: down, and now the hold is four times the base.
    g.update(up + 1000, 600_000, [camera()], 0);
    const down = up + 1000 + low;
    expect(g.update(down, 600_000, [camera()], 0)).toEqual(changes([['cam', 1]]));
    expect(g.update(down + 3 * hold, 3_000_000, [camera()], 0).size).toBe(0);
    expect(g.update(down + 4 * hold, 3_000_000, [camera()], 0)).toEqual(changes([['cam', 2]]));
  });

  it('probes one layer up after the hold even when the estimate shows no room (estimates rarely exceed what is sent)', () => {
    const g = governed(camera());
    const t = warmup * 2;
    g.update(t, 400_000, [camera()], 0);
    expect(g.update(t + low, 400_000, [camera()], 0)).toEqual(changes([['cam', 0]]));
    expect(g.update(t + low + 2 * hold, 400_000, [camera()], 0)).toEqual(changes([['cam', 1]]));
  });

  it('serves the screen share before the camera when they compete', () => {
    const g = governed(camera(), screen);
    const t = warmup * 2;
    g.update(t, 1_900_000, [camera(), screen], 0);
    expect(g.update(t + low, 1_900_000, [camera(), screen], 0)).toEqual(changes([['cam', 0]]));
  });

  it('follows a viewer who lowers their choice at once, and one who raises it as far as the link allows', () => {
    const g = governed(camera());
    expect(g.update(100, 3_000_000, [camera(0)], 0)).toEqual(changes([['cam', 0]]));
    expect(g.update(200, 3_000_000, [camera(2)], 0)).toEqual(changes([['cam', 2]]));
    expect(g.update(300, 700_000, [camera(0)], 0)).toEqual(changes([['cam', 0]]));
    expect(g.update(400, 700_000, [camera(2)], 0)).toEqual(changes([['cam', 1]]));
  });
});
