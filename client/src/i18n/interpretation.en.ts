/** Interpretation channels and live captions (issue 11): the keys every language must have. */
export const interpretationEn = {
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
} as const;
