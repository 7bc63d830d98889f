import fc from 'fast-check';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partition';

const metadata = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
  }));

describe('partitionForKey', () => {
  it("lands every key where kafkajs's default partitioner puts it", () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 70 }),
        fc.integer({ min: 1, max: 64 }),
        (key, count) => {
          const expected = kafkajs({
            topic: 't',
            partitionMetadata: metadata(count),
            message: { key, value: null },
          });
          expect(partitionForKey(key, count)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("hashes like the Java client's murmur2", () => {
    // Vectors from Kafka's UtilsTest.testMurmur2.
    const vectors: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of vectors) expect(murmur2(key)).toBe(hash);
  });
});
