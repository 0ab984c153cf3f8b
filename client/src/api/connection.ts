import { Store } from '../state/store';

export type ConnectionState = 'idle' | 'connecting' | 'online' | 'reconnecting';

/**
 * The live connection's state, shown in the header so nobody types into a dead page
 * without knowing. Kept apart from the socket module so pages without live features
 * do not download socket.io.
 */
export const connection = new Store<ConnectionState>('idle');
