import { z } from 'zod';
import { ackSchema } from '../../common/ack';
import type { ClientCatalog, ServerCatalog } from '../../common/catalog';
import { CLIENT_EVENTS, SERVER_EVENTS } from '../../common/events';
import { CITIZEN_COOKIE, SESSION_COOKIE } from '../people/identify';

/** `qa:ask` → `qa.ask`: AsyncAPI keys allow letters, digits, `.`, `-` and `_`. */
const key = (event: string) => event.replace(':', '.');
const ref = (path: string) => ({ $ref: `#/${path}` });
/** JSON Schema draft 7, which AsyncAPI's default schema format extends. */
const schemaOf = (s: z.core.$ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { target: 'draft-7', io, unrepresentable: 'any' });

const DESCRIPTION = `The Socket.IO 4 contract of Birge's live features (Q&A, rooms, video signaling, recommendations, ratings, interpretation, captions, polls).

**Connecting.** Socket.IO 4 (Engine.IO protocol 4) at path \`/socket.io/\`, default namespace \`/\`; WebSocket, with HTTP long-polling as the fallback. The connection is the person the cookies say: a citizen's signed \`${CITIZEN_COOKIE}\` (set by any HTTP answer, e.g. \`GET /api/me\`, or by the handshake itself) or an account's \`${SESSION_COOKIE}\` (\`POST /api/auth/login\`, \`POST /api/invites/accept\`). A script reads the cookie from an HTTP answer and sends it in the handshake's \`Cookie\` header. A handshake that carries an \`Origin\` header is accepted only from the site's own origin (or PUBLIC_URL); scripts may send none.

**Requests.** Every client→server event (an operation with action \`receive\`) must be emitted with an acknowledgement callback; it receives exactly one ack, \`{ ok: true, data }\` or \`{ ok: false, error: { code, message, details? } }\` with the same codes as the HTTP API (invalid_input, unauthorized, forbidden, not_found, conflict, invalid_state, rate_limited, internal). An event sent without an ack callback is ignored.

**Pushes.** Server→client events (action \`send\`) go to rooms: join a session with \`session:join\`; most of a room's news arrives batched in \`live:frame\`. A connection that comes back within two minutes has its rooms restored and missed pushes replayed (\`socket.recovered\`); otherwise join again and read the snapshots.

**Closed by the server.** The server closes a connection itself (the client sees the disconnect reason \`io server disconnect\`, and Socket.IO does not reconnect by itself) when the sign-in it was opened with ends (\`POST /api/auth/logout\`, from any tab or device) or when an organizer removes one of the person's roles (\`DELETE /api/forums/{forumId}/team/{userId}/roles/{role}\`); a server shutting down closes connections the same way. Such a connection's rooms are not restored. A client should then read who it is again (\`GET /api/me\`: after a logout it is a citizen, or nobody until the next HTTP answer sets the citizen cookie), update what it shows, connect again after a short random delay (one to three seconds spreads the reconnections of a restart), and join its rooms again: the new connection holds only the roles the person still has.`;

function clientOperations(catalog: ClientCatalog) {
  const messages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const [event, e] of Object.entries(catalog)) {
    const k = key(event);
    messages[k] = { name: event, title: event, summary: e.doc, payload: schemaOf(e.input, 'input') };
    messages[`${k}.ack`] = { name: `${event} ack`, title: `Ack of ${event}`, payload: schemaOf(ackSchema(e.ack), 'output') };
    operations[k] = {
      action: 'receive',
      title: event,
      summary: e.doc,
      channel: ref('channels/socket'),
      messages: [ref(`channels/socket/messages/${k}`)],
      reply: { channel: ref('channels/socket'), messages: [ref(`channels/socket/messages/${k}.ack`)] },
    };
  }
  return { messages, operations };
}

function serverOperations(catalog: ServerCatalog) {
  const messages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const [event, e] of Object.entries(catalog)) {
    const k = key(event);
    messages[k] = { name: event, title: event, summary: e.doc, payload: schemaOf(e.payload, 'output') };
    operations[k] = { action: 'send', title: event, summary: e.doc, description: `To: ${e.to}.`, channel: ref('channels/socket'), messages: [ref(`channels/socket/messages/${k}`)] };
  }
  return { messages, operations };
}

/**
 * The AsyncAPI 3 document of the Socket.IO contract, generated from the same catalogs of zod
 * schemas that type the events and parse them (common/events.ts). The server entry is
 * filled in per request (`withServer`), so the document names the address it was fetched from.
 */
export function asyncApiDocument(version: string) {
  const received = clientOperations(CLIENT_EVENTS);
  const sent = serverOperations(SERVER_EVENTS);
  const doc = {
    asyncapi: '3.1.0',
    info: { title: 'Birge live API (Socket.IO)', version, description: DESCRIPTION },
    defaultContentType: 'application/json',
    channels: {
      socket: {
        address: '/',
        title: 'The Socket.IO connection (default namespace)',
        description: 'Every event travels on the one connection; its name is the Socket.IO event name (the message `name`), its payload the first argument.',
        messages: { ...received.messages, ...sent.messages },
      },
    },
    operations: { ...received.operations, ...sent.operations },
    components: {
      securitySchemes: {
        citizen: { type: 'httpApiKey', in: 'cookie', name: CITIZEN_COOKIE, description: 'A pseudonymous citizen: the signed cookie any HTTP answer (or the handshake) sets.' },
        account: { type: 'httpApiKey', in: 'cookie', name: SESSION_COOKIE, description: 'A signed-in account (organizer, moderator, speaker, interpreter, captioner).' },
      },
    },
  };
  return {
    /** The document with the server a client reaches at `origin` (e.g. `https://forum.example.kz`). */
    withServer(origin: string) {
      const url = new URL(origin);
      return {
        ...doc,
        servers: {
          birge: {
            host: url.host,
            protocol: url.protocol === 'https:' ? 'wss' : 'ws',
            pathname: '/socket.io/',
            title: 'Birge',
            description: 'Socket.IO 4 over WebSocket (HTTP long-polling fallback at the same path).',
            security: [ref('components/securitySchemes/citizen'), ref('components/securitySchemes/account')],
          },
        },
      };
    },
  };
}
