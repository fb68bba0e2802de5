export * from './lib/hj212.codec';
export * from './lib/pollutant-codes';
