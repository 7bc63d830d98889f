import type { StreamStatus, StreamStatusDetail } from '../event-stream';

const LABEL: Record<StreamStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting',
  ended: 'Game over',
  unauthorized: 'Token needed',
  not_found: 'Not found',
  closed: 'Closed',
};

/** Where the live stream stands: live, reconnecting (with the wait), ended or refused. */
export function ConnectionIndicator({
  status,
  detail,
}: {
  status: StreamStatus;
  detail: StreamStatusDetail | null;
}) {
  const wait =
    status === 'reconnecting' && detail?.retryInMs !== undefined
      ? ` in ${Math.max(1, Math.round(detail.retryInMs / 1000))} s`
      : '';
  return (
    <span
      className={`connection connection-${status}`}
      data-testid="connection-indicator"
      data-state={status}
      data-reconnects={detail?.reconnects ?? 0}
      role="status"
      title={detail?.error}
    >
      <span className="dot" aria-hidden="true" />
      {LABEL[status]}
      {wait}
    </span>
  );
}
