/** Hidden fields a server-rendered form carries; a payload never includes them. */
export const FormField = {
  /** `state.handler` of the event the form submits. */
  event: 'core:event',
  /** The signed token of the tab the page was rendered for (the form works before JavaScript). */
  token: 'core:token',
} as const;

/** A form's fields as one payload: each name once, a repeated name (checkboxes) as a list. */
export type FormPayload = Record<string, string | string[]>;

/**
 * Turns a form's entries (`new FormData(form)`, or a posted `URLSearchParams`) into the payload its
 * handler gets, the same with JavaScript and without: text values by field name, a name that
 * appears several times as a list, the framework's hidden `core:` fields left out. What is not
 * text (a file) is skipped: files go through upload handlers.
 */
export function formPayload(entries: Iterable<readonly [string, unknown]>): FormPayload {
  const payload: FormPayload = {};
  for (const [name, value] of entries) {
    if (typeof value !== 'string' || name.startsWith('core:') || isUnsafeName(name)) continue;
    const earlier = payload[name];
    if (earlier === undefined) payload[name] = value;
    else if (Array.isArray(earlier)) earlier.push(value);
    else payload[name] = [earlier, value];
  }
  return payload;
}

function isUnsafeName(name: string): boolean {
  return name === '__proto__' || name === 'constructor' || name === 'prototype';
}

/**
 * How a form posted without JavaScript ended, carried by the page the server renders in answer
 * (`SsrPayload.form`): the form shows it as if it had been submitted from the page.
 */
export interface FormOutcome {
  /** `state.handler` of the form's event. */
  readonly event: string;
  /** True when the handler ran and succeeded. */
  readonly ok: boolean;
  /** The values posted, shown again in the fields on an error (none after a success). */
  readonly values: FormPayload;
  /** A message per refused field. */
  readonly errors?: Readonly<Record<string, string>>;
  /** What failed, when it was not a field (or no field said why). */
  readonly message?: string;
}
