import type { BrowserContext } from "playwright-core";

/**
 * Debian's Chromium as the project drives it (flows test, bench, screenshots): headless, the flags the
 * developers' guide lists, a fresh profile in `profileDir`.
 */
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export async function launchChromium(
  profileDir: string,
  opts: { downloads?: boolean } = {},
): Promise<BrowserContext> {
  const { chromium } = await import("playwright-core");
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: opts.downloads ?? false,
    viewport: { width: 1400, height: 900 },
  });
}
