import { useState } from 'react';
import { describeError } from '../api';
import { useArena } from '../context';

type Verb = 'start' | 'stop' | 'resume';

const DONE: Record<Verb, string> = {
  start: 'Start requested.',
  stop: 'Stop requested: the game ends at its next turn boundary.',
  resume: 'Resume requested.',
};

/** Start, stop and resume a game (each needs the token). */
export function GameControls({ gameId, running }: { gameId: string; running: boolean }) {
  const { api } = useArena();
  const [busy, setBusy] = useState<Verb | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const send = async (verb: Verb) => {
    setBusy(verb);
    setMessage(null);
    try {
      await api.command(gameId, verb);
      setMessage({ ok: true, text: DONE[verb] });
    } catch (error) {
      setMessage({ ok: false, text: describeError(error) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="controls" aria-label="Game controls">
      {(['start', 'stop', 'resume'] as const).map((verb) => (
        <button
          key={verb}
          type="button"
          disabled={!running || busy !== null}
          onClick={() => void send(verb)}
          data-testid={`game-${verb}`}
        >
          {verb === 'start' ? 'Start' : verb === 'stop' ? 'Stop' : 'Resume'}
        </button>
      ))}
      {message && (
        <p
          className={message.ok ? 'notice' : 'error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid={message.ok ? 'command-message' : 'command-error'}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
