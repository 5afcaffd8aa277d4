/**
 * After a successful submit, puts the fields that still hold what was sent back to their defaults
 * (what `form.reset()` does), and keeps the ones typed in since the submit: the next to-do typed
 * while the first was saving is not wiped by the first one's success.
 */
export function resetUnchanged(form: HTMLFormElement, sent: FormData): void {
  const now = new FormData(form);
  for (const element of Array.from(form.elements)) {
    const name = (element as HTMLInputElement).name;
    if (!name || !sameEntries(now.getAll(name), sent.getAll(name))) continue;
    if (element instanceof HTMLTextAreaElement) element.value = element.defaultValue;
    else if (element instanceof HTMLSelectElement) {
      for (const option of Array.from(element.options)) option.selected = option.defaultSelected;
    } else if (element instanceof HTMLInputElement) {
      if (element.type === 'checkbox' || element.type === 'radio') element.checked = element.defaultChecked;
      else if (element.type === 'file') element.value = '';
      else element.value = element.defaultValue;
    }
  }
}

function sameEntries(a: FormDataEntryValue[], b: FormDataEntryValue[]): boolean {
  return a.length === b.length && a.every((value, i) => sameEntry(value, b[i]));
}

function sameEntry(a: FormDataEntryValue, b: FormDataEntryValue | undefined): boolean {
  if (typeof a === 'string' || typeof b === 'string' || b === undefined) return a === b;
  return a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
}
