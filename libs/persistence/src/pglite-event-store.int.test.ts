import { openPgliteEventStore } from './pglite-event-store';
import { eventStoreContract } from './testing';

eventStoreContract('PGlite', () => openPgliteEventStore());
