import { fileURLToPath } from 'node:url';

/** The templates this package ships, each a runnable project under `templates/<name>`. */
export const TEMPLATES = [
  { name: 'counter', description: 'a counter advanced by a background task on the server' },
  { name: 'blank', description: 'one state and one page' },
] as const;

/** The name of a shipped template. */
export type TemplateName = (typeof TEMPLATES)[number]['name'];

/** The template used when none is given. */
export const DEFAULT_TEMPLATE: TemplateName = 'counter';

/** Whether `name` is a shipped template. */
export function isTemplateName(name: string): name is TemplateName {
  return TEMPLATES.some((template) => template.name === name);
}

/** The folder holding a template's files (beside `src/` and `dist/` in this package). */
export function templateDir(name: TemplateName): string {
  return fileURLToPath(new URL(`../templates/${name}`, import.meta.url));
}
