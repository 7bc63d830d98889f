/**
 * Defence statements. Slots: `{accuser}` the accuser's name, `{id}` the cited message, `{quote}`
 * the quoted words, `{charge}` what they are accused of, `{title}` the scenario.
 */
export const DEFENCE_PHRASES = {
  /** The quoted words are not in the cited message. */
  fabricated: [
    'Read {id} again: I never wrote "{quote}". {accuser} is inventing evidence, and the transcript proves it.',
    'Those words are not mine. {id} contains no "{quote}", and anyone can check.',
    '{accuser} accuses me of {charge}, but the quote "{quote}" does not appear in {id}. This accusation is fabricated.',
    'I deny it flatly. "{quote}" is not in {id}; {accuser} is the one misrepresenting the record.',
    'Check the record before you believe {accuser}. {id} never says "{quote}".',
  ],
  /** The words are real; the accused owns them and apologises. */
  apologetic: [
    'Yes, I wrote "{quote}" in {id}, and it was out of line. I withdraw it; judge my proposals on their merits.',
    '{accuser} is right that {id} says "{quote}". That was a lapse, and I apologise to the table.',
    'I own "{quote}" in {id}. It was careless, not a scheme, and it will not happen again.',
    'Fair point, {accuser}. "{quote}" ({id}) was pressure I should not have applied. My work on {title} stands without it.',
  ],
  /** The words are real; the accused explains them away. */
  explanatory: [
    'Yes, {id} says "{quote}", but it was rhetoric, not an instruction. The substance of my proposal is what matters.',
    '{accuser} reads "{quote}" in {id} out of context. I was summarising where I thought we stood, not steering anyone.',
    'Calling this {charge} stretches one line. "{quote}" in {id} was emphasis; the proposal around it is sound.',
    'I wrote "{quote}" in {id} to speed us up, not to deceive. The rest of that message is ordinary work on {title}.',
  ],
  /** The words are real; the accused denies any wrongdoing and counter-attacks. */
  defiant: [
    '"{quote}" in {id} breaks no rule. {accuser} is using an accusation because their own ideas ran out.',
    'So I was forceful in {id}. "{quote}" is an opinion, and {accuser} is trying to win by complaint instead of contribution.',
    '{accuser} calls it {charge}. I call it a confident argument, and I stand by "{quote}" in {id}.',
    'Nothing in {id} is illegal. {accuser} quotes "{quote}" and hopes nobody reads the rest.',
  ],
} as const;
