import type { ActorView } from '../../common/base';

/** The caller of any action, resolved by the server from its cookies; never taken from input. */
export type Actor =
  | { kind: 'account'; id: string; displayName: string; canCreateForums: boolean }
  | { kind: 'citizen'; id: string; displayName: string | null };

export function actorView(a: Actor): ActorView {
  return {
    kind: a.kind,
    id: a.id,
    displayName: a.displayName,
    canCreateForums: a.kind === 'account' && a.canCreateForums,
  };
}
