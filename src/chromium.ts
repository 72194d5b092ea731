import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";

/** Debian's Chromium, which the report and dashboard browser tests, the serve bench and the README scripts drive (STRATA_CHROMIUM overrides; a missing path skips the browser tests). */
export const CHROMIUM = process.env.STRATA_CHROMIUM ?? "/usr/bin/chromium";

/** Headless, offline, nothing phoning home (the project's rule for every Chromium it starts). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * Runs `use` with a headless Chromium on a fresh profile folder, and removes both afterwards.
 * playwright-core is a development dependency: only tests and the README script call this.
 */
export async function withChromium<T>(
  use: (browser: BrowserContext) => Promise<T>,
  viewport = { width: 1400, height: 900 },
): Promise<T> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "strata-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: CHROMIUM_ARGS,
  });
  try {
    return await use(browser);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * A headless Chromium on `profileDir` (the caller owns and removes it), for flows that need downloads
 * or several pages over one profile.
 */
export async function launchChromium(
  profileDir: string,
  opts: { downloads?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  const { chromium } = await import("playwright-core");
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: opts.downloads ?? false,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
  });
}
