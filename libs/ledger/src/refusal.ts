/**
 * A business rule refuses the command. `code` is the stable snake_case the API returns.
 * `kind` maps to HTTP in one place: invalid 400, refused 422, conflict 409, not_found 404, forbidden 403.
 * `invalid` is input no caller should send (a negative amount), whichever door it came through.
 */
export class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: 'invalid' | 'refused' | 'conflict' | 'not_found' | 'forbidden' = 'refused',
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export const refuse = (code: string, message: string, kind?: Refusal['kind']): never => {
  throw new Refusal(code, message, kind);
};
