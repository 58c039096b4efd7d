export * from './common';
export * from './classes';
export * from './identity';
export * from './ingestion';
