import { createContext, useContext } from 'react';
import type { ArenaApi } from './api';

/** What every page gets: the API client and the token. */
export interface ArenaContextValue {
  api: ArenaApi;
  token: string | null;
  setToken: (token: string | null) => void;
}

export const ArenaContext = createContext<ArenaContextValue | null>(null);

/** The dashboard's context; throws outside the app's provider. */
export function useArena(): ArenaContextValue {
  const value = useContext(ArenaContext);
  if (!value) throw new Error('useArena must be used inside ArenaContext');
  return value;
}
