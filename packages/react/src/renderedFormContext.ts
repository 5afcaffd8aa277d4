import type { FormOutcome } from '@core/state/protocol';
import { createContext } from 'react';

/**
 * The outcome of a form posted without JavaScript that the server rendered this page for
 * (`SsrPayload.form`), set by `CoreApp`: `useForm` starts from it.
 */
export const RenderedFormContext = createContext<FormOutcome | undefined>(undefined);
