/** The forum team (who holds which role) and what a session shows when who I am changes; English: the reference keys. */
export const teamEn = {
  'identity.signed_out': 'You were signed out (in another tab, window or device). You now see the public view.',
  'identity.roles_changed': 'Your roles in this forum changed. This page now shows what you may still do.',
} as const;
