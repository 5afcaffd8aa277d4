import { type FormOutcome, formPayload } from '@core/state/protocol';
import { type FormEvent, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useCoreClient } from './coreContext.js';
import { EventError } from './eventError.js';
import type { OptimisticUpdate } from './optimisticLayers.js';
import { loadLayers } from './optimisticView.js';
import { RenderedFormContext } from './renderedFormContext.js';
import { resetUnchanged } from './resetUnchanged.js';
import type { UploadTarget } from './uploadFile.js';
import type { AnyEventCreator, StateOfCreator } from './useEvent.js';

/** Options of {@link useForm}. */
export interface UseFormOptions<TCreator extends AnyEventCreator = AnyEventCreator> {
  /**
   * Empty the fields after a successful submit: those that still hold what was sent (a field typed
   * in since the submit keeps its text). @default true
   */
  resetOnSuccess?: boolean;
  /**
   * File fields and the upload handler each goes to (`uploadHandler` in the state module): on
   * submit each chosen file is uploaded first, through the upload path, and the payload carries
   * its name.
   */
  uploads?: Readonly<Record<string, UploadTarget>>;
  /** Called after the handler succeeded. */
  onSuccess?: () => void;
  /** Called with the failure after the handler refused the form or failed. */
  onError?: (error: EventError) => void;
  /**
   * Changes the page's copy of the handler's state at once with the submitted fields, as the
   * handler is expected to change the server's (as `useEvent`'s `optimistic`): the change is
   * dropped when the server's update arrives, and rolled back when the form is refused. A post
   * without JavaScript has no page to change: the page that comes back shows the outcome.
   *
   * @example
   * const add = useForm(TodoState.add, {
   *   optimistic: (draft, { text }) => { draft.items.push({ id: 'new', text, pending: true }); },
   * });
   */
  optimistic?: OptimisticUpdate<StateOfCreator<TCreator>, Parameters<TCreator>[0]>;
}

/** The field names of a form whose handler takes `TPayload`. */
export type FormFieldName<TPayload> = [TPayload] extends [Record<string, unknown>] ? keyof TPayload & string : string;

/** Where a form stands: what to show beside its fields. */
export interface FormState<TPayload = Record<string, unknown>> {
  /** True while the handler runs (and uploads go): disable the submit button with it. */
  readonly pending: boolean;
  /** `'success'` or `'error'` after the last submit, `'idle'` before the first. */
  readonly status: 'idle' | 'success' | 'error';
  /** A message per refused field (empty when none). */
  readonly errors: Readonly<Partial<Record<FormFieldName<TPayload>, string>>>;
  /** What failed when it was not one field (a refusal of the whole payload, a handler's error). */
  readonly formError: string | undefined;
  /** The values to show again in the fields (after a form posted without JavaScript was refused). */
  readonly values: Readonly<Partial<Record<FormFieldName<TPayload>, string>>>;
}

/** What {@link useForm} returns: the form's state, its submit handler and per-field props. */
export interface UseFormResult<TPayload = Record<string, unknown>> extends FormState<TPayload> {
  /** `state.handler` of the event, the form's hidden `core:event` field. */
  readonly event: string;
  /** Submits the form element's named fields (the `<form>`'s `onSubmit`; `<Form>` sets it). */
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  /**
   * Props for the input of field `name`: its name, the value to show again after a refused post
   * without JavaScript, and `aria-invalid` while it is refused.
   */
  field(name: FormFieldName<TPayload>): {
    name: string;
    defaultValue: string | undefined;
    'aria-invalid': true | undefined;
  };
}

const IDLE: FormState<any> = { pending: false, status: 'idle', errors: {}, formError: undefined, values: {} };

/**
 * A form that submits its named fields as one payload to a handler (typed by the handler's
 * Standard Schema: `withSchema(z.object({...}), handler)`). While the handler runs the form is
 * `pending`; the schema's and the handler's refusals (`FieldError`) come back in `errors`, beside
 * their fields, and the typed values stay; a success empties the fields (`resetOnSuccess`). Render
 * it with {@link Form}: it is a real `<form method="post">`, so it also works before the page's
 * script has loaded, or without JavaScript — the server runs the same handler and renders the page
 * again with the outcome.
 *
 * @example
 * const signUp = useForm(SignUpState.signUp);
 * <Form form={signUp}>
 *   <input {...signUp.field('email')} />
 *   <span>{signUp.errors.email}</span>
 *   <button disabled={signUp.pending}>Sign up</button>
 * </Form>
 */
export function useForm<TCreator extends AnyEventCreator>(
  creator: TCreator,
  options: UseFormOptions<TCreator> = {},
): UseFormResult<Parameters<TCreator>[0]> {
  const client = useCoreClient();
  const { state: stateName, name } = creator(undefined);
  const event = `${stateName}.${name}`;
  const rendered = useContext(RenderedFormContext);
  const [state, setState] = useState<FormState<any>>(() => fromOutcome(rendered, event));
  const latest = useRef({ creator, options });
  latest.current = { creator, options };
  const running = useRef(false);
  const [resets, setResets] = useState<{ form: HTMLFormElement; sent: FormData } | undefined>(undefined);
  // Reset after the render that emptied `values`, so the fields go back to empty defaults.
  useEffect(() => {
    if (resets) resetUnchanged(resets.form, resets.sent);
  }, [resets]);
  const optimistic = options.optimistic !== undefined;
  useEffect(() => {
    if (optimistic) void loadLayers(); // so the first submit already shows its change at once
  }, [optimistic]);

  const onSubmit = useCallback(
    (submit: FormEvent<HTMLFormElement>) => {
      submit.preventDefault();
      if (running.current) return;
      running.current = true;
      const form = submit.currentTarget;
      const submitter = (submit.nativeEvent as SubmitEvent).submitter ?? null;
      const data = new FormData(form, submitter);
      setState((s) => ({ ...s, pending: true }));
      const { creator: current, options: now } = latest.current;
      sendForm(client, current, data, now).then(
        () => {
          running.current = false;
          setState({ ...IDLE, status: 'success' });
          if (now.resetOnSuccess ?? true) setResets({ form, sent: data });
          now.onSuccess?.();
        },
        (error: unknown) => {
          running.current = false;
          const failure =
            error instanceof EventError ? error : new EventError({ code: 'INTERNAL_ERROR', message: String(error) });
          setState((s) => ({ ...IDLE, status: 'error', values: s.values, ...errorsOf(failure) }));
          now.onError?.(failure);
        },
      );
    },
    [client],
  );
  return {
    ...state,
    event,
    onSubmit,
    field: (field) => ({
      name: field,
      defaultValue: state.values[field],
      'aria-invalid': state.errors[field] ? true : undefined,
    }),
  };
}

async function sendForm(
  client: ReturnType<typeof useCoreClient>,
  creator: AnyEventCreator,
  data: FormData,
  { uploads, optimistic }: UseFormOptions,
): Promise<void> {
  const payload: Record<string, unknown> = formPayload(data);
  for (const [field, target] of Object.entries(uploads ?? {})) {
    const file = data.get(field);
    if (typeof file === 'string' || file === null || file.size === 0) continue;
    // Loaded with the first form that uploads: others never ship the upload code.
    const { uploadFile } = await import('./uploadFile.js');
    await uploadFile(client, target, file);
    payload[field] = file.name;
  }
  await client.dispatch(creator(payload), optimistic);
}

function errorsOf(error: EventError): Pick<FormState, 'errors' | 'formError'> {
  const { '': whole, ...errors } = error.fields ?? {};
  return { errors, formError: whole ?? (error.fields ? undefined : error.message) };
}

function fromOutcome(outcome: FormOutcome | undefined, event: string): FormState<any> {
  if (!outcome || outcome.event !== event) return IDLE;
  if (outcome.ok) return { ...IDLE, status: 'success' };
  const values: Record<string, string> = {};
  for (const [field, value] of Object.entries(outcome.values)) values[field] = String(value);
  const { '': whole, ...errors } = outcome.errors ?? {};
  return { ...IDLE, status: 'error', values, errors, formError: whole ?? outcome.message };
}
