/**
 * `@core/react/forms`: forms that submit to a handler (with field errors, pending state and a
 * post that works without JavaScript) and inputs bound to a var. A subpath of its own so that
 * pages without forms do not ship it.
 */
export type { FormProps } from './Form.js';
export { Form } from './Form.js';
export type { BoundFieldProps, UseFieldOptions } from './useField.js';
export { useField } from './useField.js';
export type { FormFieldName, FormState, UseFormOptions, UseFormResult } from './useForm.js';
export { useForm } from './useForm.js';
