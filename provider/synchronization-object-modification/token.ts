/**
 * The ClientToken sent with `ModifySynchronizationObject`: deterministic per resource and inputs. It is sent
 * because it is harmless, and relied on nowhere: the API page of `ModifySynchronizationObject` documents no
 * ClientToken, so the package does not count on DTS returning an earlier task for a repeated token. Whether a
 * modification is needed (or already ran) is decided from the job's documented state instead
 * (`DescribeSynchronizationJobStatus`, see `sdk/job/sync-job-state.ts`).
 *
 * The dynamic-provider host does not pass the URN to `create`, so the resource class adds `__resourceKey`
 * (`<project>/<stack>/<name>`). `__tokenSalt` changes each time `check` sees the replacing inputs change, so going
 * A -> B -> A sends a different token for the second A (should a service de-duplicate by it).
 */
import { createHash } from "node:crypto";
import { serializeSynchronizationObjects } from "../../sdk/wire/sync-job-objects";
import { canonicalJson } from "../shared/canonical";
import { REPLACE_KEYS } from "./keys";
import type { SynchronizationObjectModificationInputs } from "./types";

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function replaceKey(inputs: Record<string, unknown>): string {
  return canonicalJson(REPLACE_KEYS.map((key) => inputs[key] ?? null));
}

/**
 * The salt for checked inputs `news`, given the stored inputs `olds` (empty for a new resource): kept while the
 * replacing fields are unchanged, else derived from the old salt and the old fields. Deterministic, so preview and
 * up (and a retried up) agree.
 */
export function nextTokenSalt(olds: Record<string, unknown> | undefined, news: Record<string, unknown>): string {
  if (!olds || olds.synchronizationJobId === undefined) return "0";
  const oldSalt = typeof olds.__tokenSalt === "string" ? olds.__tokenSalt : "0";
  if (replaceKey(olds) === replaceKey(news)) return oldSalt;
  return sha256(`${oldSalt}\n${replaceKey(olds)}`).slice(0, 16);
}

/**
 * The ClientToken for a create: 64 lowercase hex characters (the API allows at most 64 ASCII characters).
 *
 * @example
 * ```ts
 * clientTokenFor({ synchronizationJobId: "dtsi...", synchronizationObjects: [{ dbName: "db" }], __resourceKey: "p/dev/objs" })
 * ```
 */
export function clientTokenFor(inputs: SynchronizationObjectModificationInputs): string {
  const objects = inputs.synchronizationObjects ? serializeSynchronizationObjects(inputs.synchronizationObjects) : "";
  return sha256(
    JSON.stringify([
      "pulumi-dts-objects/v1",
      inputs.__resourceKey ?? "",
      inputs.__tokenSalt ?? "0",
      inputs.synchronizationJobId,
      objects,
      inputs.synchronizationDirection ?? "",
      inputs.revision ?? "",
    ]),
  );
}
