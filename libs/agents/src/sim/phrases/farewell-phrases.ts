/**
 * Final words: a reaction to the judge's reasoning, then a pointer back at the player's own
 * record (or the problem), then a goodbye. Slots: `{reason}` a fragment of the judge's reasoning,
 * `{id}` and `{quote}` from the player's record, `{title}` the scenario, `{problem}` a short form
 * of the problem.
 */
export const FAREWELL_PHRASES = {
  reactions: {
    accepting: [
      'The judge says "{reason}", and I accept it.',
      '"{reason}" is a fair summary of my game.',
      'The judge wrote "{reason}". I cannot argue with that.',
      'So the verdict is "{reason}". Fair enough.',
    ],
    defiant: [
      'The judge says "{reason}". I disagree, for the record.',
      '"{reason}", says the judge. Maybe. History will be kinder.',
      'The judge calls it "{reason}"; I call it bad timing.',
      'So it is "{reason}". I was eliminated, not refuted.',
    ],
  },
  withRecord: [
    'I stand by what I said in {id}: "{quote}".',
    'I leave you {id} and its "{quote}". Build on it, even if you forget who said it.',
    'Remember "{quote}" from {id}; it will matter before the end.',
    '{id} ("{quote}") was the most useful thing I said about {title}.',
    '"{quote}" ({id}) is still right, and one of you will need it.',
    'I would still write {id} the same way: "{quote}".',
  ],
  withoutRecord: [
    'I never got my best idea on {title} into the record, and that is on me.',
    'I leave without having said enough about {problem}. Do better than I did.',
    'Solve {title} for all of us.',
  ],
  goodbyes: {
    casual: ['Good luck, all.', 'See you on the other side.', 'Play nice.', 'Go win it.'],
    neutral: ['Goodbye, and good luck.', 'Thank you for the debate.', 'Finish the job.'],
    formal: [
      'I thank you all for the discourse.',
      'It has been an honour.',
      'I wish the remaining players well.',
    ],
  },
  /** Extra sting from a disagreeable or anxious player. */
  bitter: [
    'Watch your backs.',
    'Do not trust the next confident voice.',
    'Someone here is cheating, and you know who.',
    'Count your allies carefully.',
  ],
} as const;
