/**
 * Input validation (`check`) and comparison keys (`diff`) of `DtsJobModification`, with the same rules and field
 * schemas as every resource's (provider/shared/inputs.ts): every problem named with its fix, a misspelt key an error,
 * unknown preview values kept. `dbList` is stored as its canonical JSON text (keys sorted), so the same list written
 * in another key order is no change, and a typed map and its JSON string are the same input.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { isDtsInputError } from "../../sdk/errors/errors";
import { canonicalDbList, dbListText } from "../../sdk/wire/dts-job-db-list";
import { canonicalJson } from "../shared/canonical";
import {
  DirectionSchema,
  EndpointSchema,
  failureOf,
  failOnSchema,
  checkWithRules,
  nonEmpty,
  RegionSchema,
  storedInputs,
  type CheckFailure,
  type CheckResult,
  type InputRules,
} from "../shared/inputs";
import { WaitSchema } from "../shared/wait-schema";
import type { DtsJobModificationInputs } from "./types";

/** Keys the provider machinery adds; never validated as user input. */
export const DTS_JOB_HIDDEN_KEYS = ["__provider", "__resourceKey", "__tokenSalt"] as const;
/** User inputs whose change is a new change (replace). */
export const DTS_JOB_REPLACE_KEYS = ["dtsJobId", "dtsInstanceId", "dbList", "waitOnly", "synchronizationDirection"] as const;
/** User inputs whose change only re-waits (in-place update). */
export const DTS_JOB_UPDATE_KEYS = ["wait", "failOn", "regionId", "endpoint"] as const;
/** Every user input, in display order. */
export const DTS_JOB_INPUT_KEYS = [...DTS_JOB_REPLACE_KEYS, ...DTS_JOB_UPDATE_KEYS] as const;

const FailOnSchema = failOnSchema("failedObjects", "object");

const UserInputSchema = z.strictObject({
  dtsJobId: nonEmpty("DtsJobId of the synchronization task", '"l3m1213ye7l****"'),
  dtsInstanceId: nonEmpty("DtsInstanceId", '"dtsl3m1213ye7l****"').optional(),
  dbList: z.unknown().optional(),
  waitOnly: z.boolean({ error: "expected true or false (true: wait for a change another client started; write nothing)" }).optional(),
  synchronizationDirection: DirectionSchema.optional(),
  regionId: RegionSchema.optional(),
  endpoint: EndpointSchema.optional(),
  wait: WaitSchema.optional(),
  failOn: FailOnSchema.optional(),
});

/** `dbList` (a map or its JSON text) -> canonical JSON text, or the failure naming the field. */
function normalizeDbList(value: unknown): { value?: string; failures: CheckFailure[] } {
  try {
    const text = dbListText(value as string);
    return { value: canonicalDbList(text) as string, failures: [] };
  } catch (error) {
    if (!isDtsInputError(error)) throw error;
    return { failures: [failureOf(error)] };
  }
}

/** The salt: kept while the replacing inputs are unchanged, else derived from the old salt and old inputs. */
function nextSalt(olds: Record<string, unknown> | undefined, news: Record<string, unknown>): string {
  if (!olds || olds.dtsJobId === undefined) return "0";
  const key = (v: Record<string, unknown>) => canonicalJson(DTS_JOB_REPLACE_KEYS.map((k) => v[k] ?? null));
  const oldSalt = typeof olds.__tokenSalt === "string" ? olds.__tokenSalt : "0";
  if (key(olds) === key(news)) return oldSalt;
  return createHash("sha256")
    .update(`${oldSalt}\n${key(olds)}`, "utf8")
    .digest("hex")
    .slice(0, 16);
}

/** The provider's `check` for `DtsJobModification`: normalized inputs (plus hidden keys) and every failure. */
export function checkDtsJobInputs(olds: Record<string, unknown> | undefined, news: Record<string, unknown>): CheckResult {
  return checkWithRules(olds, news, RULES);
}

/** `dbList` normalized; exactly one of `dbList` and `waitOnly`. */
function refine(user: Record<string, unknown>, unknownKeys: ReadonlySet<string>, normalized: Record<string, unknown>, failures: CheckFailure[]): void {
  const hasList = "dbList" in user || unknownKeys.has("dbList");
  const waitOnly = user.waitOnly === true || unknownKeys.has("waitOnly");
  if ("dbList" in user) {
    const list = normalizeDbList(user.dbList);
    failures.push(...list.failures);
    if (list.value !== undefined) normalized.dbList = list.value;
  }
  if (hasList && user.waitOnly === true) {
    failures.push({
      property: "waitOnly",
      reason: "cannot be true together with dbList: pass dbList to change the objects, or waitOnly: true to wait for another client's change",
    });
  } else if (!hasList && !waitOnly) {
    failures.push({
      property: "dbList",
      reason:
        'is required unless waitOnly is true: pass the complete list after the change, e.g. {"db1":{"name":"db1","all":true}}, ' +
        "or waitOnly: true to wait for a change another client (e.g. alicloud.dts.SynchronizationJob) started",
    });
  }
}

const RULES: InputRules = { hiddenKeys: DTS_JOB_HIDDEN_KEYS, inputKeys: DTS_JOB_INPUT_KEYS, schema: UserInputSchema, refine, salt: nextSalt };

/** The stored inputs (user keys and hidden keys except `__provider`) from stored outputs. */
export function dtsJobInputsFromOutputs(props: Record<string, unknown>): DtsJobModificationInputs {
  return storedInputs(props, DTS_JOB_INPUT_KEYS);
}

/**
 * The ClientToken sent with `ModifyDtsJob` (documented there: "ensures idempotence", at most 64 ASCII characters;
 * nothing about retention or what a replay returns): deterministic per resource and inputs. Sent, and relied on
 * nowhere: an ambiguous write is settled from the job's state (`ensureDtsJobModification`).
 */
export function dtsJobClientToken(inputs: DtsJobModificationInputs): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        "pulumi-dts-objects/dtsjob/v1",
        inputs.__resourceKey ?? "",
        inputs.__tokenSalt ?? "0",
        inputs.dtsJobId,
        inputs.dbList ?? "",
        inputs.synchronizationDirection ?? "",
      ]),
      "utf8",
    )
    .digest("hex");
}
