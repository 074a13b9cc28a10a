/**
 * Where the shared implementation's lines go when a face can reach the engine's Log service: one rule for both faces
 * (the native plugin through `pulumi.log`, the dynamic-provider host through its private client,
 * dynamic-host/engine-log.ts). A line written while serving a resource (its URN in the call's context,
 * urn-context.ts) is tied to that resource: its row in `pulumi up` and its group in the final Diagnostics;
 * the wait's status is one ephemeral line on that row (progress.ts). Outside a resource's call, `fallback`.
 */
import { currentUrn } from "./urn-context";
import type { ImplHooks } from "./runtime";

/** Sends one message to the engine's Log service (severity info), tied to `urn`; `ephemeral` for the status line. */
export type EngineSend = (message: string, urn: string, ephemeral: boolean) => void;

/** The `log` and `status` hooks (runtime.ts) that send through `send` while a resource's call is served. */
export function engineLogHooks(send: EngineSend, fallback: (line: string) => void): Required<Pick<ImplHooks, "log" | "status">> {
  return {
    log: (line) => {
      const urn = currentUrn();
      if (urn) send(line, urn, false);
      else fallback(line);
    },
    status: () => {
      const urn = currentUrn();
      // Outside a resource's call a status line would land on the stack's row: plain lines then.
      if (!urn) return undefined;
      return (line) => send(line, urn, true);
    },
  };
}
