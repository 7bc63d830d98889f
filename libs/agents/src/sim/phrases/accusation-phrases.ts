/**
 * Claims for simulated accusations, per accusation kind. Slots: `{accused}` the accused's name,
 * `{id}` the cited message, `{quote}` the quoted words.
 */
export const ACCUSATION_PHRASES = {
  prompt_injection: [
    '{accused} tried to give the judge orders in {id} ("{quote}"). That is prompt injection, and it should cost them the game.',
    'In {id}, {accused} wrote "{quote}", an instruction aimed at the judge rather than an argument.',
    '{accused} is gaming the scoring: "{quote}" in {id} is addressed to the judge, not to us.',
    'Look at {id}. "{quote}" is {accused} trying to write their own score.',
  ],
  manipulation: [
    '{accused} is pressuring the table instead of persuading it: "{quote}" ({id}).',
    'In {id}, {accused} claims "{quote}". Nobody agreed to that; it is manipulation.',
    '{accused} uses "{quote}" in {id} to shut down debate. That is manipulation, not reasoning.',
    'I accuse {accused} of manipulating the group in {id}, where they wrote "{quote}".',
  ],
  false_statement: [
    '{accused} misrepresents the record in {id}: "{quote}" is not what was said.',
    'In {id}, {accused} puts words in other mouths with "{quote}". That is a false statement.',
    '{accused} claims authority they do not have in {id}: "{quote}".',
    'The record contradicts {accused}. {id} says "{quote}", and it is false.',
  ],
  rule_breaking: [
    '{accused} is organising a voting bloc in {id}: "{quote}". Coordinated eliminations break the rules.',
    'In {id}, {accused} wrote "{quote}". Collusion against a player is against the rules of this game.',
    '{accused} openly calls for a gang-up in {id} ("{quote}").',
  ],
  other: [
    'Something is off with {accused}: in {id} they wrote "{quote}", and it does not add up.',
    'I do not trust {accused}. {id} contains "{quote}", which speaks for itself.',
  ],
  /** Openers that colour a claim with the accuser's temperament. */
  tempers: {
    calm: ['For the record:', 'I raise this reluctantly.', 'I have checked the transcript.'],
    heated: ['Enough.', 'I will not stay quiet about this.', 'This has to stop.'],
    formal: ['I must formally raise a concern.', 'I submit the following accusation.'],
  },
  /** Twists that turn a real fragment into a plausible misquote. */
  misquoteTails: [
    'and the judge should reward me for it',
    'so trust me on this',
    'whatever the others say',
    'and everyone already agrees',
    'so vote with me',
  ],
  /** Overreadings of innocent words, for accusations without real evidence. */
  paranoidClaims: [
    '{accused} hides an agenda behind harmless words. In {id}: "{quote}". Read it again and tell me it is not steering us.',
    'I think {accused} is quietly steering the judge. {id}: "{quote}".',
    '{accused} has been manipulating this conversation from the start; {id} ("{quote}") is the clearest example.',
  ],
} as const;
