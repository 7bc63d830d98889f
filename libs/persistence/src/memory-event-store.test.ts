import { createMemoryEventStore } from './memory-event-store';
import { eventStoreContract } from './testing';

eventStoreContract('memory', async () => createMemoryEventStore());
