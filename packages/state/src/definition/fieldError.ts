import { StateError } from '../errors.js';

/** Messages for the fields of a form that were refused: field name → message. */
export type FieldErrors = Readonly<Record<string, string>>;

/**
 * Refuses fields of a form's payload from its handler, as the form's schema refuses them: the
 * event fails (nothing the handler changed is kept), and the page gets each message beside its
 * field (`useForm(...).errors.name`), with JavaScript or without. Field messages are written for
 * the person at the form and always reach the page, in production too.
 *
 * @example
 * signUp: withSchema(SignUp, (s, { name }) => {
 *   if (s._names.includes(name)) throw new FieldError({ name: `The name "${name}" is taken.` });
 *   s._names.push(name);
 * }),
 */
export class FieldError extends StateError {
  override name = 'FieldError';

  /** `fields`: at least one field name → its message; `message`: one line for the whole form. */
  constructor(fields: FieldErrors, message?: string) {
    const names = Object.keys(fields ?? {});
    if (names.length === 0 || names.some((name) => typeof fields[name] !== 'string')) {
      throw new StateError(
        'INVALID_DEFINITION',
        'new FieldError(fields) takes at least one field name with its message, e.g. { name: "The name is taken." }.',
      );
    }
    const listed = names.map((n) => `${n}: ${fields[n]}`).join('; ');
    super('INVALID_FIELDS', message ?? `The form was refused: ${listed.replace(/\.$/, '')}.`, {
      fields,
    });
  }
}
