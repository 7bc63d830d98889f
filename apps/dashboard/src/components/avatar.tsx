import { generatedAvatar } from '../avatar';

export interface AvatarProps {
  /** Stable id the colour derives from (the character id). */
  id: string;
  name: string;
  /** The character's own picture, when its profile has one. */
  url?: string | null;
  size?: number;
}

/** A character's picture, or its initials on a colour derived from its id. */
export function Avatar({ id, name, url, size = 32 }: AvatarProps) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4) };
  if (url) {
    return <img className="avatar" src={url} alt="" style={style} width={size} height={size} />;
  }
  const { initials, background } = generatedAvatar(id, name);
  return (
    <span className="avatar" aria-hidden="true" style={{ ...style, background }}>
      {initials}
    </span>
  );
}

/** The narrator's or judge's mark in the transcript. */
export function OfficialMark({ label }: { label: string }) {
  return (
    <span className="avatar official" aria-hidden="true">
      {label.slice(0, 1)}
    </span>
  );
}
