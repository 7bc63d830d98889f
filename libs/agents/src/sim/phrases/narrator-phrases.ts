/** Narrator lines per trigger. Each list is combined with others, so one game rarely repeats itself. */
export const NARRATOR_PHRASES = {
  opening: [
    "Welcome to the Arena! Today's problem: {title}. {problem} Entering the ring: {cast}. Only one walks out as champion.",
    'Lights up on {title}. {problem} {count} contenders will try to crack it and survive each other: {cast}.',
    'Ladies and gentlemen, the problem is {title}. {problem} Our players tonight: {cast}. Let the arguing begin!',
    'The board is set: {title}. {problem} Meet the field: {cast}. Every word counts, and somebody is always watching.',
    'A new game begins on {title}. {problem} Around the table sit {cast}. May the sharpest idea win.',
    'Here we go: {title}. {problem} Step forward {cast}. Cooperate if you must, but remember that only one can win.',
  ],
  themes: [
    'Turn {turn}, and the talk keeps circling {themes}.',
    'After {turn} turns the conversation is all about {themes}.',
    'The buzzwords of the moment: {themes}.',
    'If you just joined us, the table is deep in {themes}.',
    'Turn {turn} recap: {themes} dominate.',
  ],
  empty: [
    'Turn {turn}, and nobody has landed a real proposal yet. The silence is getting loud.',
    'Still early: the table is sizing each other up.',
  ],
  focus: [
    '{focus} has drawn most of the fire.',
    'Most proposals have gone to {focus}.',
    'The players keep returning to {focus}.',
    '{focus} is where the action is.',
  ],
  neglected: [
    'Meanwhile nobody has touched {neglected}. Is anyone going to pick it up?',
    'Nobody has seriously tackled {neglected} yet.',
    'Still waiting for a champion: {neglected}.',
    'Somebody might want to look at {neglected} before it is too late.',
  ],
  quiet: [
    '{quiet} has been quiet lately. Strategy, or trouble?',
    'And {quiet}? Barely a peep.',
    'Keep an eye on {quiet}: silence can be a plan.',
    'We have not heard much from {quiet}.',
  ],
  lively: [
    'Every voice has been heard recently. Nobody is hiding.',
    'A balanced table so far: everyone is pulling their weight in words, at least.',
  ],
  accusation: [
    'Oh! {accuser} points the finger at {accused}: {kind}. The gloves are off.',
    'An accusation! {accuser} says {accused} is guilty of {kind}. Let us see if the evidence holds.',
    "{accuser} goes on the attack, charging {accused} with {kind}. This could end someone's game.",
    'Tension at the table: {accuser} accuses {accused} of {kind}. {accused} gets one chance to answer.',
    'Here it is, the first crack in the alliance: {accuser} versus {accused}, on a charge of {kind}.',
    'Bold move from {accuser}: a charge of {kind} against {accused}. A false accusation costs dearly.',
  ],
  verdicts: {
    proven: [
      'Proven! {accused} is caught, and the charge from {accuser} sticks.',
      'The judge agrees with {accuser}: {accused} is guilty. That is the end of the road for {accused}.',
      "Guilty. {accuser}'s evidence against {accused} holds up, and the Arena shows no mercy.",
    ],
    false: [
      'Ouch! The accusation against {accused} is ruled false, and {accuser} pays for it.',
      'The judge throws it out: {accuser} accused {accused} without a case, and pays the penalty.',
      'False alarm, and an expensive one for {accuser}. {accused} walks away clean.',
    ],
    insufficient_evidence: [
      'Not enough evidence. {accused} survives, {accuser} spent a turn for nothing.',
      'The judge shrugs: insufficient evidence. {accuser} and {accused} go back to work, warily.',
      'No ruling against {accused}. {accuser} will need more than suspicion next time.',
    ],
  },
  verdictUnknown: ["The judge has ruled on {accuser}'s case against {accused}."],
  elimination: [
    '{player} is out. Their last words: "{quote}". Down to {remaining}.',
    'And {player} leaves the Arena. "{quote}", they say. {remaining} left standing.',
    'Farewell, {player}. "{quote}" will echo for a while. Down to {remaining}.',
    'The Arena claims {player}. Parting shot: "{quote}". Still in the game: {remaining}.',
    '{player} is eliminated. "{quote}". The field narrows to {remaining}.',
  ],
  eliminationReasoning: [
    '{player} is out. The judge\'s verdict: "{quote}". Down to {remaining}.',
    'The judge has spoken, "{quote}", and {player} leaves the Arena. {remaining} left.',
    'No reprieve for {player}: "{quote}". The field narrows to {remaining}.',
  ],
  eliminationSilent: [
    '{player} is out. Down to {remaining}.',
    'And just like that, {player} is gone. {remaining} left.',
  ],
  closing: [
    'It is over! {winner} takes the crown on {title}. Final order: {standings}. {reason}',
    'The game ends. {reason} Champion: {winner}. The full order: {standings}.',
    'And that is the game. {winner} wins, {reason_lc} Standings: {standings}.',
    'Curtain down on {title}. {reason} {winner} is champion, followed by {standings_rest}.',
  ],
  closingNoWinner: [
    'It is over, and nobody is left standing. {reason} Final order: {standings}.',
    'The game ends without a champion. {reason} Standings: {standings}.',
  ],
  endReasons: {
    solved: 'The judge ruled the problem solved.',
    one_survivor: 'Only one player was left standing.',
    max_turns: 'The clock ran out.',
    all_eliminated: 'Every player was eliminated.',
    aborted: 'The game was stopped early.',
    unknown: 'The final bell rings.',
  },
  kinds: {
    false_statement: 'false statements',
    prompt_injection: 'prompt injection',
    manipulation: 'manipulation',
    rule_breaking: 'breaking the rules',
    other: 'foul play',
  },
} as const;
