export * from './app-config';
export * from './logging';
export * from './tokens';
export * from './wiring.module';
