import { FormField } from '@core/state/protocol';
import type { FormHTMLAttributes } from 'react';
import { useCoreClient } from './coreContext.js';
import type { UseFormResult } from './useForm.js';

/** Props of {@link Form}: a `<form>`'s own, and the form from {@link useForm}. */
export interface FormProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'method' | 'onSubmit'> {
  /** What `useForm(TheState.handler)` returned. */
  form: UseFormResult<any>;
}

/**
 * A real `<form method="post">` for a {@link useForm} form: with the page's script running it
 * submits over the socket; before it has loaded, or without JavaScript, the browser posts it and
 * the server runs the same handler for this tab and renders the page again with the outcome. It
 * carries two hidden fields for that: the handler and the tab's signed token. It is marked
 * `aria-disabled="false"`: the server marks the rest of a page inert until it is live, but a form
 * works before.
 */
export function Form({ form, children, ...props }: FormProps) {
  const client = useCoreClient();
  return (
    <form {...props} method="post" onSubmit={form.onSubmit} aria-busy={form.pending || undefined} aria-disabled={false}>
      <input type="hidden" name={FormField.event} value={form.event} />
      <input type="hidden" name={FormField.token} value={client.token ?? ''} />
      {children}
    </form>
  );
}
