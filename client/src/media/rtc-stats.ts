/**
 * The RTP counters we read from a browser's RTCStatsReport. lib.dom types the report's
 * entries as `any`; this reads each field only when it has the expected type.
 */
export interface RtpStats {
  type: string;
  rid: string | undefined;
  bytesSent: number;
  packetsSent: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
  framesDecoded: number;
  framesPerSecond: number;
  frameWidth: number;
  frameHeight: number;
}

export function rtpStats(report: RTCStatsReport): RtpStats[] {
  const out: RtpStats[] = [];
  report.forEach((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) return;
    const s = raw as Record<string, unknown>;
    const n = (k: string) => (typeof s[k] === 'number' ? s[k] : 0);
    out.push({
      type: typeof s.type === 'string' ? s.type : '',
      rid: typeof s.rid === 'string' ? s.rid : undefined,
      bytesSent: n('bytesSent'),
      packetsSent: n('packetsSent'),
      bytesReceived: n('bytesReceived'),
      packetsReceived: n('packetsReceived'),
      packetsLost: n('packetsLost'),
      framesDecoded: n('framesDecoded'),
      framesPerSecond: n('framesPerSecond'),
      frameWidth: n('frameWidth'),
      frameHeight: n('frameHeight'),
    });
  });
  return out;
}
