/**
 * Whether a process with this pid exists (signal 0 checks without signalling; EPERM means it exists but
 * belongs to someone else). Used to tell a live lock or temporary file from one a killed process left.
 */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
