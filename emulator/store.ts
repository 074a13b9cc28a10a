/**
 * The emulator's state file: read at start, written atomically (temporary file + rename) after every change.
 *
 * Two promises rest on it:
 * - a state file that cannot be written stops the emulator at start (the model writes it once when it starts),
 *   with a message naming the file and the fix, instead of failing on the first change;
 * - a change is kept only if it was written: {@link StateStore.lastPersisted} hands back the last state that
 *   reached the disk, so the model can undo an in-memory change whose write failed (see `EmulatorState.save`).
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ApiError } from "./protocol";

/** The state file's format version. */
export const STATE_FORMAT = 1;

/** What the state file holds (the model decides the record shapes). */
export interface PersistedState<Job = unknown, Task = unknown> {
  format: number;
  counters: { job: number; task: number };
  jobs: Job[];
  tasks: Task[];
}

/**
 * The state file could not be read or written. An API call that hits it answers HTTP 500 `InternalError` (nothing
 * was changed, so a retry is safe); at start the emulator exits 1 with this message.
 */
export class StateFileError extends ApiError {
  constructor(message: string) {
    super(500, "InternalError", message);
    this.name = "StateFileError";
  }
}

/** A sentence telling how to fix a failed write of `file`, by errno code. */
function fixFor(code: string | undefined, file: string): string {
  const dir = dirname(file);
  switch (code) {
    case "ENOENT":
      return `the directory ${dir} does not exist: create it, or choose another state file`;
    case "ENOTDIR":
      return `a part of ${dir} is not a directory: choose another state file`;
    case "EISDIR":
      return `${file} is a directory: give the path of a file`;
    case "EACCES":
    case "EPERM":
      return `no permission to create files in ${dir}: make it writable for this user, or choose another state file`;
    case "EROFS":
      return `${dir} is on a read-only file system: choose another state file`;
    case "ENOSPC":
    case "EDQUOT":
      return `the disk holding ${dir} is full: free some space, or choose another state file`;
    default:
      return `make ${dir} writable, or choose another state file`;
  }
}

/** Reads and writes one state file. */
export class StateStore {
  /** Absolute path (messages name it). */
  readonly file: string;
  private lastText?: string;

  constructor(file: string) {
    this.file = resolve(file);
  }

  /** The file's content; `undefined` if it does not exist. Throws {@link StateFileError} naming the file. */
  read(): PersistedState | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === "ENOENT") return undefined;
      throw new StateFileError(`state file ${this.file} cannot be read (${err.message}): ${fixFor(err.code, this.file)}`);
    }
    let data: PersistedState;
    try {
      data = JSON.parse(text) as PersistedState;
    } catch (e) {
      throw new StateFileError(`state file ${this.file} is not valid JSON (${(e as Error).message}): repair or delete it, or choose another state file`);
    }
    if (data === null || typeof data !== "object" || data.format !== STATE_FORMAT || !Array.isArray(data.jobs) || !Array.isArray(data.tasks)) {
      const format = data !== null && typeof data === "object" ? String(data.format) : typeof data;
      throw new StateFileError(
        `state file ${this.file} has an unsupported format (${format}, expected ${STATE_FORMAT} with jobs and tasks): delete it, or choose another state file`,
      );
    }
    this.lastText = text;
    return data;
  }

  /**
   * Write `data` atomically (a reader never sees half a file). Throws {@link StateFileError} naming the file and
   * the fix; the file then still holds the previous state.
   */
  write(data: PersistedState): void {
    const text = JSON.stringify(data);
    const tmp = `${this.file}.tmp-${process.pid}`;
    try {
      writeFileSync(tmp, text);
      renameSync(tmp, this.file);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      try {
        rmSync(tmp, { force: true });
      } catch {
        // Nothing to clean up, or the directory is gone: the write failed either way.
      }
      throw new StateFileError(`state file ${this.file} cannot be written (${err.message}): ${fixFor(err.code, this.file)}`);
    }
    this.lastText = text;
  }

  /** The last state read or written, as a fresh copy (the in-memory model may have changed the previous one). */
  lastPersisted(): PersistedState | undefined {
    return this.lastText === undefined ? undefined : (JSON.parse(this.lastText) as PersistedState);
  }
}
