/** Organizations, ratings, participation and follow-up (issue 13), in English: the reference keys. */
export const orgsEn = {
  'org.status_pending': 'waiting for confirmation',
  'org.status_confirmed': 'confirmed',
  'org.status_rejected': 'not confirmed',
  'org.badge': 'On behalf of {name}',
} as const;
