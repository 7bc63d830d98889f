import { afterAll, beforeAll } from 'vitest';
import { createKafkaBus } from './kafka-bus';
import { startKafkaMock, type KafkaMock } from './kafka-mock';
import { KAFKA_MOCK_BUS_OPTIONS, messageBusContract } from './testing';

let kafka: KafkaMock;

beforeAll(async () => {
  kafka = await startKafkaMock();
});

afterAll(async () => {
  await kafka?.stop();
});

messageBusContract('kafka', (options) =>
  createKafkaBus({
    ...options,
    brokers: kafka.brokers,
    clientId: 'contract',
    topicPrefix: 'contract.',
    ...KAFKA_MOCK_BUS_OPTIONS,
  }),
);
