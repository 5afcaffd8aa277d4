// Entry of every bench child process: runs exported functions of bench modules on request from
// the parent (`{ id, module, fn, args }` over IPC) and answers `{ id, ok, value | error }`.
// Modules stay loaded, so a server started by one call keeps serving until the process ends.

process.on('disconnect', () => process.exit(0)); // the parent is gone: never linger

process.on('message', async (message) => {
  const { id, module, fn, args } = message ?? {};
  if (typeof id !== 'number') return;
  try {
    const loaded = await import(module);
    if (typeof loaded[fn] !== 'function') throw new Error(`${module} has no export "${fn}"`);
    const value = await loaded[fn](args ?? {});
    process.send?.({ id, ok: true, value });
  } catch (error) {
    process.send?.({ id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});

process.send?.({ ready: true });
