/**
 * Progress reporting for long work. On a TTY it draws one bar with rate and ETA; elsewhere it prints a
 * plain line at most every `intervalMs`; with `silent` it prints nothing.
 */
export interface Progress {
  /** Advance by `n` items (default 1). */
  tick(n?: number): void;
  /** Set the absolute count. */
  update(done: number, total?: number): void;
  /** Replace the trailing note (e.g. the current file). */
  note(text: string): void;
  /**
   * Show the share done and the ETA only, not counts and a rate: for a bar over a whole job whose units
   * are estimated work, not items.
   */
  percent?(): void;
  done(summary?: string): void;
}

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  silent?: boolean;
  intervalMs?: number;
  now?: () => number;
}

export function createProgress(label: string, total: number | undefined, options: ProgressOptions): Progress {
  const { stream, silent = false } = options;
  const now = options.now ?? Date.now;
  const tty = stream.isTTY === true;
  const intervalMs = options.intervalMs ?? (tty ? 100 : 5000);
  const start = now();
  let count = 0;
  let max = total;
  let last = 0;
  let extra = "";
  let finished = false;
  let renderedCount = -1;
  let percentOnly = false;

  const render = (force: boolean): void => {
    if (silent || finished) return;
    const t = now();
    if (!force && t - last < intervalMs) return;
    last = t;
    renderedCount = count;
    const elapsed = (t - start) / 1000;
    const rate = elapsed > 0 ? count / elapsed : 0;
    const rateText = `${formatRate(rate)}/s`;
    let line: string;
    if (max !== undefined && max > 0) {
      const frac = Math.min(1, count / max);
      const eta = rate > 0 ? (max - count) / rate : Number.NaN;
      const width = 24;
      const filled = Math.round(frac * width);
      const bar = tty ? `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ` : "";
      line = percentOnly
        ? `${label} ${bar}${(frac * 100).toFixed(0)}% ETA ${formatSeconds(eta)} (${formatSeconds(elapsed)} elapsed)`
        : `${label} ${bar}${count}/${max} ${(frac * 100).toFixed(0)}% ${rateText} ETA ${formatSeconds(eta)}`;
    } else {
      line = `${label} ${count} ${rateText} ${formatSeconds(elapsed)} elapsed`;
    }
    if (extra) line += ` ${extra}`;
    if (tty) {
      const cols = stream.columns ?? 100;
      stream.write(`\r${line.slice(0, cols - 1).padEnd(cols - 1)}`);
    } else {
      stream.write(`${line}\n`);
    }
  };

  return {
    tick(n = 1) {
      count += n;
      render(false);
    },
    update(doneCount, newTotal) {
      count = doneCount;
      if (newTotal !== undefined) max = newTotal;
      render(false);
    },
    note(text) {
      extra = text;
      render(false);
    },
    percent() {
      percentOnly = true;
    },
    done(summary) {
      if (silent || finished) return;
      // Off a TTY, a line already printed for this count would only repeat itself.
      if (tty || renderedCount !== count) render(true);
      finished = true;
      const secs = (now() - start) / 1000;
      const tail = summary ?? (percentOnly ? formatSeconds(secs) : `${count} in ${formatSeconds(secs)}`);
      stream.write(tty ? `\r${label} done: ${tail}\n`.padEnd(1) : `${label} done: ${tail}\n`);
    },
  };
}

export const silentProgress: Progress = { tick() {}, update() {}, note() {}, done() {} };

function formatRate(r: number): string {
  if (r >= 100) return r.toFixed(0);
  if (r >= 10) return r.toFixed(1);
  return r.toFixed(2);
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "--";
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
