/** The broadcast: playback modes, replays, organizers' recording controls. */
export const broadcastEn = {
  'broadcast.mode_label': 'Playback',
  'broadcast.mode_webrtc': 'Live video',
  'broadcast.mode_webrtc_hint': 'lowest delay',
  'broadcast.mode_hls': 'Standard stream',
  'broadcast.mode_hls_hint': 'a few seconds behind, works on any network',
  'broadcast.use_standard': 'Use the standard stream',
  'broadcast.use_live': 'Back to live video',
} as const;
