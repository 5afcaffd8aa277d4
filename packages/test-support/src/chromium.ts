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

/**
 * The Playwright settings every browser spec here shares (the repository's config and each example
 * app's): Debian's Chromium headless, one worker (each spec file starts its own servers; the
 * machine has two cores), and one retry in CI only — a spec that passes on its second try is
 * reported as flaky (npm test prints how many), so it is seen and fixed, but a loaded CI machine
 * does not block a landing. Spread it into `defineConfig`.
 */
export function browserSpecSettings() {
  return {
    fullyParallel: false,
    workers: 1,
    retries: process.env.CI ? 1 : 0,
    timeout: 60_000,
    expect: { timeout: 10_000 },
    reporter: 'list' as const,
    use: {
      browserName: 'chromium' as const,
      headless: true,
      launchOptions: { executablePath: chromiumPath, args: [...chromiumArgs] },
    },
  };
}
