export { startLoopbackModel } from './loopback-model';
export type { LoopbackOptions } from './loopback-model';
export { faultyResponder, LOOPBACK_FAULTS, scriptedResponder } from './responders';
export type { FaultOptions, LoopbackFault } from './responders';
export type {
  LoopbackEmpty,
  LoopbackFormat,
  LoopbackHang,
  LoopbackModel,
  LoopbackReply,
  LoopbackRequest,
  LoopbackResponder,
  LoopbackStatus,
  LoopbackText,
  LoopbackTruncate,
} from './loopback-types';
export { gameResponder } from './game-responder';
export { bagOfWordsEmbedder, hashedBagOfWords } from './embedding-wire';
export type {
  LoopbackEmbedder,
  LoopbackEmbeddingFormat,
  LoopbackEmbeddingReply,
  LoopbackEmbeddingRequest,
  LoopbackVectors,
} from './embedding-wire';
export type { GameResponderOptions } from './game-responder';
