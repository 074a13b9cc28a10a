/**
 * The plugin's lines to the engine's Log service, and the guarantee that they arrive before the answer of the call
 * that wrote them. `pulumi.log` sends each line as its own RPC, one after the other (it chains them), and the
 * implementation's log hook cannot wait for it; so a method could answer the engine (Create, Update...) while its
 * last lines were still queued. The engine then ends the step, and at the end of `pulumi up` the display is closed:
 * a line that arrives later is lost (the verdict `done: ... (2 failed table(s) accepted ...)` went missing under
 * load). {@link linesDelivered} is awaited by every call the plugin serves before it answers (provider.ts).
 */
import * as pulumi from "@pulumi/pulumi";

/** The last line sent: `pulumi.log` settles each line's promise after every line before it (and never rejects). */
let last: Promise<unknown> = Promise.resolve();

/** Sends `line` to the engine for `resource` (an ephemeral status line with `ephemeral`). */
export function engineLog(line: string, resource: pulumi.Resource | undefined, ephemeral = false): void {
  last = pulumi.log.info(line, resource, undefined, ephemeral);
}

/** Resolves once every line sent so far reached the engine (or failed to: pulumi.log then prints it on stderr). */
export function linesDelivered(): Promise<void> {
  return last.then(
    () => undefined,
    () => undefined,
  );
}
