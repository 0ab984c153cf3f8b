import type { SessionAction, SessionState } from '../../common/agenda.contract';

/** The session lifecycle: scheduled → live → ended, and scheduled → cancelled. Nothing else. */
const TRANSITIONS: Record<SessionAction, { from: readonly SessionState[]; to: SessionState }> = {
  start: { from: ['scheduled'], to: 'live' },
  end: { from: ['live'], to: 'ended' },
  cancel: { from: ['scheduled'], to: 'cancelled' },
};

/** The state an action leads to, or undefined when it is not allowed from `from`. */
export function nextState(from: SessionState, action: SessionAction): SessionState | undefined {
  const t = TRANSITIONS[action];
  return t.from.includes(from) ? t.to : undefined;
}
