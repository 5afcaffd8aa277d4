/** Debian's Chromium (no browser download): `CHROMIUM_PATH`, else `/usr/bin/chromium`. */
export const chromiumPath: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for headless Chromium on this kind of machine: no sandbox (root), no GPU, no QUIC, and
 * no background traffic to Google's hosts (the network is closed; refused connections pile up).
 */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
