export * from './lease';
export * from './redis-lease';
export * from './lease-holder';
export * from './lease-holders';
