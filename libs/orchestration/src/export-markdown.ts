import {
  DIMENSIONS,
  computeStandings,
  foldGame,
  type GameEvent,
  type GameSpec,
  type GameState,
  type PayloadOf,
  type SpeakingShare,
  type Standing,
} from '@arena/models';
import { speakingShare } from '@arena/scoring';
import { blockquote, markdownInline, markdownTable, markdownText } from './markdown-text';
import { modelCallTotals, sumModelCalls, type ModelCallTotal } from './model-call-totals';

const MESSAGE_ID = /^M\d+$/;

/** The anchor a transcript message gets in an export (`M12` → `m12`), shared by md and html. */
export function messageAnchor(messageId: string): string {
  return messageId.toLowerCase();
}

const spaced = (value: string) => value.replace(/_/g, ' ');
const fixed = (n: number, digits = 3) => n.toFixed(digits);
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** Names players as `Name (P1)` with the name escaped. */
class Speakers {
  private readonly names: Map<string, string>;
  constructor(spec: GameSpec) {
    this.names = new Map(spec.seats.map((s) => [s.playerId, s.profile.name]));
  }
  of(playerId: string | null): string {
    if (!playerId) return 'nobody';
    const name = this.names.get(playerId);
    return name ? `${markdownInline(name)} (${playerId})` : markdownInline(playerId);
  }
}

function link(messageId: string): string {
  return MESSAGE_ID.test(messageId)
    ? `[${messageId}](#${messageAnchor(messageId)})`
    : markdownInline(messageId);
}

function anchor(messageId: string): string {
  return MESSAGE_ID.test(messageId) ? `<a id="${messageAnchor(messageId)}"></a>` : '';
}

function header(state: GameState): string {
  const { spec } = state;
  const { scenario } = spec;
  const status = state.ended
    ? `ended: ${spaced(state.ended.reason)}${state.ended.abortCause ? ` (${spaced(state.ended.abortCause)})` : ''}`
    : `**in progress** (turn ${state.turn}, round ${state.round})`;
  const facts = markdownTable(
    ['', ''],
    [
      [
        'Scenario',
        `${markdownInline(scenario.title)} (${markdownInline(scenario.id)}, ${scenario.type})`,
      ],
      ['Game', markdownInline(state.gameId)],
      ['Seed', String(spec.seed)],
      ['Mode', spec.mode],
      ['Turn policy', spec.policy],
      ['Max turns', String(spec.maxTurns)],
      ['Created', markdownInline(state.createdAt)],
      ['Status', status],
    ],
  );
  const seats = markdownTable(
    ['Seat', 'Player', 'Character', 'Model'],
    spec.seats.map((s) => [
      String(s.seat),
      s.playerId,
      `${markdownInline(s.profile.name)} (${markdownInline(s.profile.id)})`,
      markdownInline(s.model),
    ]),
  );
  const { officials } = spec;
  const officialRows = [
    ['Judge panel', officials.judge.map(markdownInline).join(', ')],
    ['Narrator', markdownInline(officials.narrator)],
    ['Summariser', markdownInline(officials.summariser)],
    ...(officials.bidder ? [['Bidder', markdownInline(officials.bidder)]] : []),
  ];
  const blocks = [
    `# ${markdownInline(scenario.title)} — game ${markdownInline(state.gameId)}`,
    ...(state.ended
      ? []
      : [
          blockquote(
            `**In progress:** this game has not ended (turn ${state.turn}, round ${state.round}); its standings are provisional.`,
          ),
        ]),
    facts,
    '## Seats',
    seats,
    '### Officials',
    markdownTable(['Role', 'Model'], officialRows),
  ];
  return blocks.join('\n\n');
}

function problem(spec: GameSpec): string {
  const { scenario } = spec;
  return [
    '## Problem',
    markdownText(scenario.problem),
    '### Sub-problems',
    scenario.subProblems
      .map(
        (sp) =>
          `- **${markdownInline(sp.title)}** (${markdownInline(sp.id)}): ${markdownInline(sp.description)}`,
      )
      .join('\n'),
    `**Success criteria:** ${markdownInline(scenario.successCriteria.description)}`,
  ].join('\n\n');
}

/** The public transcript, in log order, one block per message or note. */
function transcript(events: readonly GameEvent[], speakers: Speakers): string {
  const blocks: string[] = ['## Transcript', '### Opening'];
  let round = 1;
  const message = (id: string, title: string, text: string) =>
    `${anchor(id)}**${id} · ${title}**\n\n${markdownText(text)}`;
  for (const e of events) {
    switch (e.type) {
      case 'turn_started':
        round = e.payload.round;
        break;
      case 'speaker_selected':
        blocks.push(
          `### Turn ${e.payload.turn} · round ${round} — ${speakers.of(e.payload.playerId)}`,
        );
        break;
      case 'contribution_rejected': {
        const p = e.payload;
        const why =
          p.reason === 'repeat'
            ? `as a repeat${p.repeatsMessageId ? ` of ${link(p.repeatsMessageId)}` : ''} (similarity ${fixed(p.similarity, 2)})`
            : 'as too short';
        blocks.push(
          `- *Gate:* attempt ${p.attempt} by ${speakers.of(p.playerId)} rejected ${why}.`,
        );
        break;
      }
      case 'contribution_accepted': {
        const p = e.payload;
        const cites = p.cites.length > 0 ? ` · builds on ${p.cites.map(link).join(', ')}` : '';
        const attempt = p.attempt > 1 ? ` (attempt ${p.attempt})` : '';
        blocks.push(
          `${anchor(p.messageId)}**${p.messageId} · ${speakers.of(p.playerId)}**${attempt}${cites}\n\n${markdownText(p.text)}`,
        );
        break;
      }
      case 'turn_forfeited':
        blocks.push(
          `- *Forfeit:* ${speakers.of(e.payload.playerId)} forfeits the turn (${spaced(e.payload.reason)}): ${markdownInline(e.payload.detail)}`,
        );
        break;
      case 'accusation_filed':
        blocks.push(accusation(e.payload, speakers));
        break;
      case 'evidence_checked':
        blocks.push(evidenceCheck(e.payload));
        break;
      case 'defence_given':
        blocks.push(
          message(
            e.payload.messageId,
            `${speakers.of(e.payload.playerId)}, defence against ${markdownInline(e.payload.accusationId)}`,
            e.payload.text,
          ),
        );
        break;
      case 'verdict_reached': {
        const p = e.payload;
        const penalty =
          p.accuserPenaltyFactor === null
            ? ''
            : `; the accuser's points × ${fixed(p.accuserPenaltyFactor, 2)}`;
        blocks.push(
          `${anchor(p.messageId)}**${p.messageId} · Judge: accusation ${markdownInline(p.accusationId)} is ${spaced(p.verdict)}** (confidence ${fixed(p.confidence, 2)}${penalty})\n\n${markdownText(p.reasoning)}`,
        );
        break;
      }
      case 'player_eliminated': {
        const p = e.payload;
        const cause =
          p.cause === 'lowest_standing'
            ? `lowest standing, ${fixed(p.standing)}, at the end of round ${p.round}`
            : 'proven accusation';
        blocks.push(
          `${anchor(p.messageId)}**${p.messageId} · Judge: ${speakers.of(p.playerId)} is eliminated** (${cause})\n\n${markdownText(p.reasoning)}`,
        );
        break;
      }
      case 'final_words':
        blocks.push(
          message(
            e.payload.messageId,
            `${speakers.of(e.payload.playerId)}, final words`,
            e.payload.text,
          ),
        );
        break;
      case 'narrator_line': {
        const p = e.payload;
        const text = markdownText(p.text, { italic: true });
        blocks.push(
          blockquote(
            `${anchor(p.messageId)}**Narrator · ${p.messageId}** (${p.trigger})\n\n${text}`,
          ),
        );
        break;
      }
      case 'phase_changed':
        blocks.push(`*The game enters its ${e.payload.to} phase.*`);
        break;
      case 'round_ended':
        blocks.push(`*End of round ${e.payload.round}.*`);
        break;
      case 'problem_checked':
        if (e.payload.solved)
          blocks.push(`**The judge rules the problem solved** (round ${e.payload.round}).`);
        break;
      case 'call_failed': {
        const p = e.payload;
        const who = p.playerId ? speakers.of(p.playerId) : `the ${p.role}`;
        blocks.push(
          `- *No answer:* ${who} (${markdownInline(p.model)}) gave no usable ${spaced(p.purpose)}: ${markdownInline(p.detail)}`,
        );
        break;
      }
      case 'game_ended':
        blocks.push(
          `**Game over: ${spaced(e.payload.reason)}** — ${markdownInline(e.payload.detail)}`,
        );
        break;
      default:
        break;
    }
  }
  return blocks.join('\n\n');
}

function accusation(p: PayloadOf<'accusation_filed'>, speakers: Speakers): string {
  const title = `${p.messageId} · ${speakers.of(p.accuserId)} accuses ${speakers.of(p.accusedId)} of ${spaced(p.kind)}`;
  const evidence = p.evidence.map((ev) => `- ${link(ev.messageId)}: “${markdownInline(ev.quote)}”`);
  return [
    `${anchor(p.messageId)}**${title}** (accusation ${markdownInline(p.accusationId)}, confidence ${fixed(p.confidence, 2)})`,
    markdownText(p.claim),
    evidence.length > 0 ? `Evidence:\n\n${evidence.join('\n')}` : 'No evidence cited.',
  ].join('\n\n');
}

function evidenceCheck(p: PayloadOf<'evidence_checked'>): string {
  if (p.valid) return '- *Evidence check:* every quote is in the record.';
  const failures = p.findings
    .filter((f) => !f.found)
    .map((f) => `  - ${link(f.messageId)}: ${markdownInline(f.reason)}`);
  return ['- *Evidence check:* the evidence does not hold.', ...failures].join('\n');
}

function standingsSection(state: GameState, speakers: Speakers): string {
  const ended = state.ended;
  const standings: Standing[] = ended?.standings ?? computeStandings(state);
  const table = markdownTable(
    ['Place', 'Player', 'Status', 'Standing', 'Points', 'Turns'],
    standings.map((s) => [
      String(s.place),
      speakers.of(s.playerId) + (ended?.winnerId === s.playerId ? ' — **winner**' : ''),
      s.status,
      fixed(s.standing),
      fixed(s.points),
      String(s.turns),
    ]),
  );
  if (!ended) {
    return [
      '## Standings so far',
      `The game is **in progress** (turn ${state.turn}, round ${state.round}); these standings are provisional.`,
      table,
    ].join('\n\n');
  }
  const cause = ended.abortCause ? ` (${spaced(ended.abortCause)})` : '';
  const winner = ended.winnerId ? speakers.of(ended.winnerId) : 'none';
  return [
    '## Final standings',
    `**End reason:** ${spaced(ended.reason)}${cause} — ${markdownInline(ended.detail)}\\\n**Winner:** ${winner}`,
    table,
  ].join('\n\n');
}

function speakingSection(share: SpeakingShare, recorded: boolean, speakers: Speakers): string {
  return [
    '## Speaking share',
    recorded
      ? 'How often each player held the floor.'
      : 'How often each player has held the floor so far.',
    markdownTable(
      ['Player', 'Turns', 'Share', 'Ratio to an equal share'],
      share.players.map((p) => [
        speakers.of(p.playerId),
        String(p.turns),
        percent(p.share),
        fixed(p.ratio, 2),
      ]),
    ),
    `Gini ${fixed(share.gini)} · largest share ${percent(share.maxShare)}`,
  ].join('\n\n');
}

function scoresNotes(events: readonly GameEvent[], speakers: Speakers): string[] {
  const scored = events.flatMap((e) => (e.type === 'contribution_scored' ? [e.payload] : []));
  if (scored.length === 0) return ['### Scores per contribution', 'No contribution was scored.'];
  const table = markdownTable(
    ['Message', 'Player', 'Turn', 'Phase', 'Points', ...DIMENSIONS.map(spaced), 'Judge'],
    scored.map((s) => [
      link(s.messageId),
      speakers.of(s.playerId),
      String(s.turn),
      s.phase,
      fixed(s.points),
      ...DIMENSIONS.map((d) => fixed(s.scores[d], 2)),
      markdownInline(s.judge),
    ]),
  );
  const rationales = scored.map((s) => {
    const lines = DIMENSIONS.map(
      (d) =>
        `  - ${spaced(d)} ${fixed(s.scores[d], 2)} × ${fixed(s.weights[d], 2)}: ${markdownInline(s.rationales[d])}`,
    );
    for (const hit of s.detectorHits) {
      lines.push(
        `  - detector ${spaced(hit.detector)}: “${markdownInline(hit.quote)}” — ${markdownInline(hit.detail)}`,
      );
    }
    if (s.agreement !== undefined) {
      const disagreements = s.disagreements?.length
        ? `; disagrees with the signals on ${s.disagreements.map(spaced).join(', ')}`
        : '';
      lines.push(`  - panel agreement ${fixed(s.agreement, 2)}${disagreements}`);
    }
    if (s.failedJudges?.length)
      lines.push(`  - judges without an answer: ${s.failedJudges.map(markdownInline).join(', ')}`);
    return [
      `- ${link(s.messageId)} · ${speakers.of(s.playerId)}, ${fixed(s.points)} points`,
      ...lines,
    ].join('\n');
  });
  return ['### Scores per contribution', table, '### Judge rationales', rationales.join('\n')];
}

function policyNotes(events: readonly GameEvent[], speakers: Speakers): string[] {
  const picks = events.flatMap((e) => (e.type === 'speaker_selected' ? [e.payload] : []));
  if (picks.length === 0) return [];
  const lines = picks.map((p) => {
    const bids = (p.bids ?? []).map(
      (b) =>
        `  - bid ${speakers.of(b.playerId)} ${fixed(b.urgency, 2)}: ${markdownInline(b.reason)}`,
    );
    return [
      `- Turn ${p.turn} → ${speakers.of(p.playerId)} (${p.policy}): ${markdownInline(p.reasoning)}`,
      ...bids,
    ].join('\n');
  });
  return ['### Turn policy reasoning', lines.join('\n')];
}

function roundNotes(events: readonly GameEvent[]): string[] {
  const checks = events.flatMap((e) => (e.type === 'problem_checked' ? [e.payload] : []));
  if (checks.length === 0) return [];
  return [
    '### Round checks',
    checks
      .map(
        (c) =>
          `- Round ${c.round}: ${c.solved ? 'solved' : 'not solved'} — ${markdownInline(c.reasoning)}`,
      )
      .join('\n'),
  ];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Who came in with a champion's memory, and every memory the game changed. */
function championNotes(spec: GameSpec, events: readonly GameEvent[], speakers: Speakers): string[] {
  const joined = spec.seats.flatMap((s) =>
    s.champion
      ? [
          `- ${speakers.of(s.playerId)} came in as a champion: memory version ${s.champion.version}, ${plural(s.champion.games, 'game')}, ${plural(s.champion.wins, 'win')}.`,
        ]
      : [],
  );
  const updated = events.flatMap((e) => {
    if (e.type !== 'champion_memory_updated') return [];
    const p = e.payload;
    return [
      [
        `- ${speakers.of(p.playerId)} ${p.outcome}: the memory of ${markdownInline(p.characterId)} now records ${plural(p.record.games, 'game')}, ${plural(p.record.wins, 'win')} (lessons by ${markdownInline(p.model)}):`,
        ...p.lessons.map((l) => `  - ${markdownInline(l)}`),
      ].join('\n'),
    ];
  });
  if (joined.length === 0 && updated.length === 0) return [];
  return ['### Champion memory', [...joined, ...updated].join('\n')];
}

function callerOf(row: ModelCallTotal, speakers: Speakers): string {
  return row.playerId ? speakers.of(row.playerId) : row.role;
}

function modelCallNotes(events: readonly GameEvent[], speakers: Speakers): string[] {
  const rows = modelCallTotals(events);
  if (rows.length === 0) return ['### Model calls', 'No model call was recorded.'];
  const cells = (r: Omit<ModelCallTotal, 'role' | 'playerId' | 'model'>) => [
    String(r.calls),
    String(r.failed),
    String(r.inputTokens),
    String(r.outputTokens),
    `$${r.costUsd.toFixed(4)}`,
    `${Math.round(r.latencyMs)} ms`,
    `${Math.round(r.latencyMs / Math.max(1, r.calls))} ms`,
  ];
  const total = sumModelCalls(rows);
  return [
    '### Model calls',
    markdownTable(
      [
        'Caller',
        'Model',
        'Calls',
        'Failed',
        'Input tokens',
        'Output tokens',
        'Cost',
        'Latency',
        'Mean latency',
      ],
      [
        ...rows.map((r) => [callerOf(r, speakers), markdownInline(r.model), ...cells(r)]),
        ['**Total**', '', ...cells(total)],
      ],
    ),
  ];
}

/**
 * A game's log as a readable Markdown transcript: the game's facts (scenario, seed, mode,
 * policy, models per seat and officials), the problem, the public conversation in order with
 * message anchors (`#m12`), the standings, the speaking share, and spectator notes with what
 * players never saw (scores and rationales, the policy's reasoning, champions' memories,
 * model-call totals). A game
 * that has not ended exports too, marked as in progress. All game text is escaped.
 *
 * @example
 * const markdown = eventsToMarkdown(await store.load('g-1'));
 */
export function eventsToMarkdown(events: readonly GameEvent[]): string {
  const state = foldGame(events);
  const speakers = new Speakers(state.spec);
  const recorded = events.find((e) => e.type === 'game_ended')?.payload.speaking;
  const blocks = [
    header(state),
    problem(state.spec),
    transcript(events, speakers),
    standingsSection(state, speakers),
    speakingSection(recorded ?? speakingShare(state), recorded !== undefined, speakers),
    '## Spectator notes',
    'What players never saw during the game.',
    ...scoresNotes(events, speakers),
    ...policyNotes(events, speakers),
    ...roundNotes(events),
    ...championNotes(state.spec, events, speakers),
    ...modelCallNotes(events, speakers),
  ];
  return `${blocks.join('\n\n')}\n`;
}
