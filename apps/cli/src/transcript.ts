import {
  computeStandings,
  type GameEvent,
  type GameState,
  type SpeakingShare,
  type Standing,
} from '@arena/models';
import { speakingShare } from '@arena/scoring';
import type { Output } from './output';

function nameOf(state: GameState, id: string | null): string {
  if (!id) return 'unknown';
  const p = state.players.find((pl) => pl.id === id);
  return p ? `${p.name} (${id})` : id;
}

function wrap(text: string, indent: string, width = 96): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + w.length + 1 > width - indent.length) {
      lines.push(indent + line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

/**
 * The readable transcript line(s) for one event, given the state *after* it. Hidden
 * information (scores, the turn policy's reasoning) is shown only with `spectator`.
 */
export function renderEvent(
  event: GameEvent,
  state: GameState,
  out: Output,
  options: { spectator?: boolean } = {},
): string[] {
  const p = out.paint;
  switch (event.type) {
    case 'game_created': {
      const spec = event.payload.spec;
      return [
        p('bold', `Arena · ${spec.scenario.title}`) +
          p('dim', `  (game ${event.gameId}, seed ${spec.seed})`),
        wrap(spec.scenario.problem, '  '),
        `  Players: ${spec.seats.map((s) => `${s.profile.name} (${s.playerId}, ${s.model})`).join(', ')}`,
        p('dim', `  Mode ${spec.mode}, policy ${spec.policy}, up to ${spec.maxTurns} turns.`),
        '',
      ];
    }
    case 'turn_started':
      return [p('dim', `── turn ${event.payload.turn} · round ${event.payload.round}`)];
    case 'speaker_selected':
      return options.spectator ? [p('dim', `   [policy] ${event.payload.reasoning}`)] : [];
    case 'contribution_rejected':
      return [
        p(
          'yellow',
          `   ✗ gate: ${nameOf(state, event.payload.playerId)}'s attempt ${event.payload.attempt} rejected`,
        ),
        p('dim', wrap(event.payload.feedback, '     ')),
      ];
    case 'contribution_accepted':
      return [
        `${p('bold', nameOf(state, event.payload.playerId))} ${p('dim', `[${event.payload.messageId}]`)}`,
        wrap(event.payload.text, '  '),
      ];
    case 'turn_forfeited':
      return [
        p(
          'yellow',
          `   ✗ ${nameOf(state, event.payload.playerId)} forfeits the turn: ${event.payload.detail}`,
        ),
      ];
    case 'contribution_scored':
      return options.spectator
        ? [
            p(
              'dim',
              `   [judge] ${event.payload.points.toFixed(3)} points (${event.payload.phase} phase)`,
            ),
          ]
        : [];
    case 'accusation_filed': {
      const e = event.payload;
      return [
        p(
          'red',
          `⚖ ${nameOf(state, e.accuserId)} accuses ${nameOf(state, e.accusedId)} of ${e.kind.replace(/_/g, ' ')} [${e.messageId}]`,
        ),
        wrap(e.claim, '  '),
        ...e.evidence.map((ev) => p('dim', `  evidence: ${ev.messageId} "${ev.quote}"`)),
      ];
    }
    case 'evidence_checked':
      return [
        event.payload.valid
          ? p('dim', '  evidence check: every quote is in the record')
          : p(
              'yellow',
              `  evidence check: ${
                event.payload.findings
                  .filter((f) => !f.found)
                  .map((f) => f.reason)
                  .join('; ') || 'invalid'
              }`,
            ),
      ];
    case 'defence_given':
      return [
        `${p('bold', nameOf(state, event.payload.playerId))} ${p('dim', `(defence) [${event.payload.messageId}]`)}`,
        wrap(event.payload.text, '  '),
      ];
    case 'verdict_reached':
      return [
        p(
          'red',
          `⚖ Verdict: ${event.payload.verdict.replace(/_/g, ' ')} (the judge's confidence that the charge holds: ${event.payload.confidence.toFixed(2)})`,
        ),
        wrap(event.payload.reasoning, '  '),
      ];
    case 'player_eliminated':
      return [
        p('red', p('bold', `☠ ${nameOf(state, event.payload.playerId)} is eliminated`)),
        wrap(event.payload.reasoning, '  '),
      ];
    case 'final_words':
      return [
        p('magenta', `  ${nameOf(state, event.payload.playerId)}'s final words:`),
        wrap(`“${event.payload.text}”`, '    '),
      ];
    case 'narrator_line':
      return [p('cyan', wrap(`Narrator: ${event.payload.text}`, ''))];
    case 'call_failed': {
      const who = event.payload.playerId
        ? nameOf(state, event.payload.playerId)
        : `the ${event.payload.role}`;
      return [
        p(
          'yellow',
          `   ✗ ${who} (${event.payload.model}) gave no usable ${event.payload.purpose.replace(/_/g, ' ')}: ${event.payload.detail}`,
        ),
      ];
    }
    case 'model_call':
      return event.payload.error && options.spectator
        ? [
            p(
              'dim',
              `   [model] ${event.payload.model} ${event.payload.purpose}: ${event.payload.error.kind} after ${event.payload.attempts ?? 1} attempt(s)`,
            ),
          ]
        : [];
    case 'phase_changed':
      return [p('dim', `── the game enters its ${event.payload.to} phase`)];
    case 'problem_checked':
      return event.payload.solved
        ? [p('green', `✓ The judge rules the problem solved. ${event.payload.reasoning}`)]
        : [];
    case 'champion_memory_updated': {
      const { record } = event.payload;
      return [
        p(
          'magenta',
          `   ★ ${nameOf(state, event.payload.playerId)}'s champion memory (${event.payload.characterId}) now records ${record.games} game(s), ${record.wins} win(s): arena champion ${event.payload.characterId}`,
        ),
      ];
    }
    case 'game_ended':
      return [
        '',
        p('bold', `Game over: ${event.payload.reason.replace(/_/g, ' ')}`) +
          ` — ${event.payload.detail}`,
        ...renderStandings(event.payload.standings, event.payload.winnerId, out),
        '',
        ...renderSpeakingShare(event.payload.speaking ?? speakingShare(state), state, out),
      ];
    default:
      return [];
  }
}

export function renderStandings(
  standings: Standing[],
  winnerId: string | null,
  out: Output,
): string[] {
  const rows = standings.map((s) => {
    const mark = s.playerId === winnerId ? out.paint('green', ' ← winner') : '';
    const status = s.status === 'eliminated' ? out.paint('dim', 'eliminated') : 'active    ';
    return `  ${String(s.place).padStart(2)}. ${s.name.padEnd(22)} ${s.playerId.padEnd(4)} ${status}  standing ${s.standing.toFixed(3).padStart(7)}  points ${s.points.toFixed(2).padStart(7)}  turns ${String(s.turns).padStart(3)}${mark}`;
  });
  return [out.paint('bold', 'Final standings'), ...rows];
}

export function standingsOf(state: GameState): Standing[] {
  return state.ended?.standings ?? computeStandings(state);
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * How the floor was shared: turns, share and ratio to an equal share per player (seat order),
 * and the Gini coefficient of turns (0 = everyone spoke equally).
 */
export function renderSpeakingShare(
  speaking: SpeakingShare,
  state: GameState,
  out: Output,
): string[] {
  const rows = speaking.players.map((p) => {
    const name = state.players.find((pl) => pl.id === p.playerId)?.name ?? p.playerId;
    return `  ${name.padEnd(22)} ${p.playerId.padEnd(4)} turns ${String(p.turns).padStart(3)}  share ${percent(p.share).padStart(6)}  ratio ${p.ratio.toFixed(2).padStart(5)}`;
  });
  return [
    out.paint('bold', 'Speaking share') +
      out.paint(
        'dim',
        `  (Gini ${speaking.gini.toFixed(3)}, largest share ${percent(speaking.maxShare)}; ratio 1.00 is an equal share)`,
      ),
    ...rows,
  ];
}

/**
 * The speaking share a game recorded when it ended (`game_ended.speaking`), or, for a game
 * still running or recorded without it, the share computed from the turns taken so far.
 */
export function speakingShareOf(events: readonly GameEvent[], state: GameState): SpeakingShare {
  const ended = events.find(
    (e): e is Extract<GameEvent, { type: 'game_ended' }> => e.type === 'game_ended',
  );
  return ended?.payload.speaking ?? speakingShare(state);
}
