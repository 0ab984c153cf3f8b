import type { ActorView } from '../../common/base';

/** The caller of any action, resolved by the server from its cookies; never taken from input. */
export type Actor =
  | {
      kind: 'account';
      id: string;
      displayName: string;
      canCreateForums: boolean;
      /** A platform administrator (above every forum): the job queues and health details. */
      isAdmin: boolean;
      /**
       * The hash of the sign-in session the caller came with. Role checks also require it
       * to be live, so a socket opened before a logout stops acting even before it is closed.
       * Absent for trusted in-process callers (the demo loader, scripts).
       */
      authSession?: string;
    }
  | { kind: 'citizen'; id: string; displayName: string | null };

export function actorView(a: Actor): ActorView {
  return {
    kind: a.kind,
    id: a.id,
    displayName: a.displayName,
    canCreateForums: a.kind === 'account' && a.canCreateForums,
    isAdmin: a.kind === 'account' && a.isAdmin,
  };
}

/** Whether the caller is a platform administrator. */
export const isAdmin = (a: Actor): boolean => a.kind === 'account' && a.isAdmin;
