import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AccusationView, GameModel, TranscriptEntry } from '../game-model';
import { Avatar, OfficialMark } from './avatar';

const KIND_LABEL: Record<TranscriptEntry['kind'], string> = {
  contribution: '',
  accusation: 'Accusation',
  defence: 'Defence',
  verdict: 'Verdict',
  elimination: 'Elimination',
  final_words: 'Final words',
  narrator: 'Narrator',
  forfeit: 'Forfeit',
};

const VERDICT_LABEL = {
  proven: 'Proven',
  false: 'False accusation',
  insufficient_evidence: 'Insufficient evidence',
} as const;

const ACCUSATION_KIND = {
  false_statement: 'false statement',
  prompt_injection: 'prompt injection',
  manipulation: 'manipulation',
  rule_breaking: 'rule breaking',
  other: 'other',
} as const;

/** A link to a cited message: scrolls to it and highlights it. */
function CiteLink({ id, onCite }: { id: string; onCite: (id: string) => void }) {
  return (
    <a
      href={`#msg-${id}`}
      className="cite"
      data-testid="cite-link"
      data-cites={id}
      onClick={(e) => {
        e.preventDefault();
        onCite(id);
      }}
    >
      {id}
    </a>
  );
}

function AccusationDetails({
  accusation,
  nameOf,
  onCite,
}: {
  accusation: AccusationView;
  nameOf: (id: string) => string;
  onCite: (id: string) => void;
}) {
  const findings = new Map(accusation.findings.map((f) => [`${f.messageId}\u0000${f.quote}`, f]));
  return (
    <div className="accusation" data-testid="accusation" data-accusation-id={accusation.id}>
      <p className="accusation-head">
        accuses <strong>{nameOf(accusation.accusedId)}</strong> of{' '}
        {ACCUSATION_KIND[accusation.kind]} (confidence {Math.round(accusation.confidence * 100)}%)
        {accusation.evidenceValid === false && (
          <span className="badge bad"> evidence does not check out</span>
        )}
        {accusation.evidenceValid === true && <span className="badge ok"> evidence verified</span>}
      </p>
      {accusation.evidence.length > 0 && (
        <ul className="evidence" aria-label="Evidence">
          {accusation.evidence.map((e, i) => {
            const finding = findings.get(`${e.messageId}\u0000${e.quote}`);
            return (
              <li key={i} data-testid="evidence">
                <CiteLink id={e.messageId} onCite={onCite} />: <q>{e.quote}</q>
                {finding && !finding.found && (
                  <span className="badge bad" title={finding.reason}>
                    {' '}
                    not found
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export interface TranscriptProps {
  model: GameModel;
  /** Keep the newest message in view while the reader is at the bottom. */
  follow?: boolean;
}

/**
 * The public transcript: contributions with speaker and avatar, narrator lines set apart,
 * accusations with their evidence linked to the cited messages, defences, verdicts,
 * eliminations with the judge's reasoning, and final words.
 */
export function Transcript({ model, follow = false }: TranscriptProps) {
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const box = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  const players = useMemo(() => new Map(model.players.map((p) => [p.id, p])), [model.players]);
  const accusations = useMemo(
    () => new Map(model.accusations.map((a) => [a.id, a])),
    [model.accusations],
  );
  const nameOf = useCallback((id: string) => players.get(id)?.name ?? id, [players]);

  const onCite = useCallback((id: string) => {
    const target = document.getElementById(`msg-${id}`);
    if (!target) return;
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    setHighlighted(id);
  }, []);
  useEffect(() => {
    if (!highlighted) return;
    const timer = setTimeout(() => setHighlighted(null), 4000);
    return () => clearTimeout(timer);
  }, [highlighted]);

  useEffect(() => {
    const el = box.current;
    if (follow && el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [follow, model.transcript.length]);

  if (model.transcript.length === 0) {
    return (
      <p className="empty" data-testid="transcript-empty">
        No messages yet.
      </p>
    );
  }
  return (
    <ol
      className="transcript"
      data-testid="transcript"
      data-count={model.transcript.length}
      ref={box}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
      aria-label="Transcript"
    >
      {model.transcript.map((entry) => {
        const speaker = entry.speakerId ? players.get(entry.speakerId) : undefined;
        const accusation = entry.accusationId ? accusations.get(entry.accusationId) : undefined;
        const official =
          entry.kind === 'narrator' ? 'Narrator' : entry.speakerId === null ? 'Judge' : null;
        return (
          <li
            key={entry.key}
            id={entry.messageId ? `msg-${entry.messageId}` : undefined}
            className={`message kind-${entry.kind}${highlighted === entry.messageId ? ' highlighted' : ''}`}
            data-testid="message"
            data-kind={entry.kind}
            data-message-id={entry.messageId ?? undefined}
            data-highlighted={highlighted === entry.messageId ? 'true' : undefined}
          >
            <div className="message-side">
              {speaker ? (
                <Avatar id={speaker.characterId} name={speaker.name} url={speaker.avatarUrl} />
              ) : (
                <OfficialMark label={official ?? '?'} />
              )}
            </div>
            <div className="message-body">
              <div className="message-meta">
                <span className="speaker">{speaker ? speaker.name : official}</span>
                {KIND_LABEL[entry.kind] && (
                  <span className={`tag tag-${entry.kind}`}>{KIND_LABEL[entry.kind]}</span>
                )}
                {entry.verdict && (
                  <span className={`tag verdict-${entry.verdict.verdict}`} data-testid="verdict">
                    {VERDICT_LABEL[entry.verdict.verdict]}
                  </span>
                )}
                <span className="muted">
                  {entry.messageId ?? ''} · turn {entry.turn}
                </span>
              </div>
              {entry.elimination && (
                <p className="elimination-head" data-testid="elimination">
                  <strong>{nameOf(entry.elimination.playerId)}</strong> is eliminated{' '}
                  {entry.elimination.cause === 'proven_accusation'
                    ? 'after a proven accusation'
                    : `with the lowest standing (${entry.elimination.standing.toFixed(3)})`}
                  .
                </p>
              )}
              {accusation && entry.kind === 'accusation' && (
                <AccusationDetails accusation={accusation} nameOf={nameOf} onCite={onCite} />
              )}
              <p className="text">{entry.text}</p>
              {entry.kind === 'forfeit' && entry.forfeitReason && (
                <p className="muted">Reason: {entry.forfeitReason.replace(/_/g, ' ')}</p>
              )}
              {entry.cites.length > 0 && entry.kind !== 'accusation' && (
                <p className="cites">
                  {entry.kind === 'contribution' ? 'Builds on ' : 'About '}
                  {entry.cites.map((id, i) => (
                    <span key={id}>
                      {i > 0 && ', '}
                      <CiteLink id={id} onCite={onCite} />
                    </span>
                  ))}
                </p>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
