import { describe, expect, it } from 'vitest';
import { eventRouter, type AppSocket, type Listener } from '../../server/realtime/socket';

type Middleware = (event: [string, ...unknown[]], next: (err?: Error) => void) => void;

/** Just enough of a socket for the router: it records the middleware it is given. */
function fakeSocket() {
  const use: Middleware[] = [];
  const socket = { use: (fn: Middleware) => use.push(fn) };
  return { socket: socket as unknown as AppSocket, use };
}

describe('event router', () => {
  it('gives each socket one middleware that calls the routed listener with the socket as this', () => {
    const seen: unknown[] = [];
    const listener: Listener = function (this: AppSocket, ...args) {
      seen.push(this, ...args);
    };
    const { socket, use } = fakeSocket();
    eventRouter([{ 'qa:vote': listener }])(socket);
    expect(use).toHaveLength(1);
    let passedOn = false;
    use[0]!(['qa:vote', { questionId: 'q' }, 'ack'], () => (passedOn = true));
    expect(seen).toEqual([socket, { questionId: 'q' }, 'ack']);
    expect(passedOn).toBe(false);
  });

  it('passes events nobody routes on to ordinary listeners', () => {
    const { socket, use } = fakeSocket();
    eventRouter([{}])(socket);
    let passedOn = false;
    use[0]!(['qa:vote', {}], () => (passedOn = true));
    expect(passedOn).toBe(true);
  });

  it('refuses two domains answering the same event', () => {
    const l: Listener = () => undefined;
    expect(() => eventRouter([{ 'qa:vote': l }, { 'qa:vote': l }])).toThrow(/two domains answer 'qa:vote'/);
  });
});
