import { describe, expect, it } from 'vitest';
import { SESSION_ACTIONS, SESSION_STATES, type SessionAction, type SessionState } from '../../common/agenda.contract';
import { nextState } from '../../server/agenda/session-state';

// The whole lifecycle: scheduled → live → ended, and scheduled → cancelled. Nothing else.
const ALLOWED: Record<string, SessionState> = {
  'scheduled/start': 'live',
  'scheduled/cancel': 'cancelled',
  'live/end': 'ended',
};

const every = SESSION_STATES.flatMap((from) => SESSION_ACTIONS.map((action) => [from, action] as [SessionState, SessionAction]));

describe('session state machine', () => {
  it.each(every.filter(([f, a]) => ALLOWED[`${f}/${a}`]))('lets a %s session %s', (from, action) => {
    expect(nextState(from, action)).toBe(ALLOWED[`${from}/${action}`]);
  });

  it.each(every.filter(([f, a]) => !ALLOWED[`${f}/${a}`]))('refuses to let a %s session %s', (from, action) => {
    expect(nextState(from, action)).toBeUndefined();
  });
});
