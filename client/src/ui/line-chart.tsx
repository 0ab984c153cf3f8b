import { useEffect, useRef, useState } from 'preact/hooks';
import { formatTime } from '../i18n/format';
import { formatNumber } from '../i18n/i18n';

interface Point {
  at: string;
  viewers: number;
}

const H = 220;
const PAD = { l: 44, r: 12, t: 12, b: 28 };

/** "Nice" upper bound for the y axis: 1, 2 or 5 times a power of ten. */
function niceMax(n: number): number {
  if (n <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/**
 * Viewers over time as an SVG area chart: no library, scales to its box, readable at 360 px.
 * The summary is the accessible name; the numbers are also in a table beside it.
 */
export function AttendanceChart({ series, timeZone, label }: { series: Point[]; timeZone: string; label: string }) {
  // Drawn at the box's real width, so the labels keep their shape from 360 px to a desktop.
  const box = useRef<HTMLDivElement>(null);
  const [W, setW] = useState(640);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([e]) => e && setW(Math.max(240, Math.round(e.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  if (series.length === 0) return null;
  const t0 = Date.parse(series[0]!.at);
  const t1 = Math.max(Date.parse(series[series.length - 1]!.at), t0 + 60_000);
  const max = niceMax(Math.max(...series.map((p) => p.viewers)));
  const x = (at: string) => PAD.l + ((Date.parse(at) - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / max) * (H - PAD.t - PAD.b);
  const line = series.map((p, i) => `${i ? 'L' : 'M'}${x(p.at).toFixed(1)},${y(p.viewers).toFixed(1)}`).join('');
  const area = `${line}L${x(series[series.length - 1]!.at).toFixed(1)},${y(0)}L${x(series[0]!.at).toFixed(1)},${y(0)}Z`;
  const ticks = [0, max / 2, max];
  // Fewer time labels on narrow screens; a label equal to the previous one is left out.
  const steps = W < 480 ? [0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1];
  const xTicks = steps
    .map((f) => new Date(t0 + f * (t1 - t0)).toISOString())
    .filter((at, i, all) => i === 0 || formatTime(at, timeZone) !== formatTime(all[i - 1]!, timeZone));
  return (
    <div ref={box} class="chart-box">
    <svg class="chart" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} class="chart-grid" />
          <text x={PAD.l - 6} y={y(v) + 4} text-anchor="end" class="chart-label">
            {formatNumber(v)}
          </text>
        </g>
      ))}
      {xTicks.map((at, i) => (
        <text key={at} x={x(at)} y={H - 8} text-anchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'} class="chart-label">
          {formatTime(at, timeZone)}
        </text>
      ))}
      <path d={area} class="chart-area" />
      <path d={line} class="chart-line" />
    </svg>
    </div>
  );
}
