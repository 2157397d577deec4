export * from './fence';
export * from './log-consumer';
export * from './log-processor';
export * from './consumer-lag';
