import { openPgliteEventStore } from './pglite-event-store';
import { eventStoreContract } from './testing';

eventStoreContract('PGlite', (options) => openPgliteEventStore(options));
