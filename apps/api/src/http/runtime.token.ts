/** Nest injection token of the composition root (`Runtime` from @threadtrak/application). */
export const RUNTIME = Symbol('RUNTIME');
