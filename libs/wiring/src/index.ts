export * from './tokens';
export * from './wiring.module';
