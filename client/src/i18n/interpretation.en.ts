/** Interpretation channels and live captions (issue 11): the keys every language must have. */
export const interpretationEn = {
  'role.interpreter': 'interpreter',
  'role.captioner': 'captioner',
  'agenda.interpret': 'Interpret',
  'agenda.caption': 'Caption',

  'listen.label': 'Listen in',
  'listen.original': 'Original',
  'listen.live': 'interpreting',
  'listen.idle': 'no interpreter now',
  'listen.floor_under': 'Keep the original quietly underneath',
  'listen.fallback': 'No interpreter is on air in the {lang} channel right now: you hear the original. The interpretation comes back by itself.',
  'captions.label': 'Captions',
  'captions.off': 'Off',
  'captions.region': 'Live captions',

  'transcripts.title': 'Caption transcripts',
  'transcripts.published': 'Transcripts published',
  'transcripts.published_hint': 'Anyone can download them.',
  'transcripts.unpublished_hint': 'Only organizers can download them for now.',
  'transcripts.published_now': 'The transcripts are published.',
  'transcripts.withdrawn_now': 'The transcripts are withdrawn.',
} as const;
