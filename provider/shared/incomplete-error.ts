/** The error the provider throws for a task that exists but did not (yet) succeed: the engine saves the resource. */
import { escapeControlChars } from "../../sdk/waiting/format";

/**
 * The error a failed or unfinished wait throws once the task exists: the dynamic-provider host turns an error with
 * an `id` into `ErrorResourceInitFailed`, so the engine saves the resource (TaskId and these properties) and the
 * next `pulumi up` calls `update`, which resumes waiting.
 */
export class ModificationIncompleteError extends Error {
  /** The TaskId: becomes the resource id. */
  readonly id: string;
  /** Saved as the resource's outputs (includes `__provider`, so later operations can load the provider). */
  readonly properties: Record<string, unknown>;
  /** Shown by the engine as the resource's init errors. */
  readonly reasons: string[];

  constructor(message: string, id: string, properties: Record<string, unknown>) {
    // The message quotes names and messages from the API: control characters escaped, our own line breaks kept.
    message = escapeControlChars(message, "\n");
    super(message);
    this.name = "ModificationIncompleteError";
    this.id = id;
    this.properties = properties;
    this.reasons = [message];
  }
}
