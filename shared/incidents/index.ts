export * from './api.ts';
export * from './query.ts';
export * from './contract.ts';
export * from './search-text.ts';
