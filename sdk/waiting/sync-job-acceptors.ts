/**
 * The pure acceptor of the waiter: one `DescribeSynchronizationObjectModifyStatus` reply -> success, failure or
 * retry. Kept outside the polling loop so it can be tested with tables of replies.
 *
 * "Done" is judged per phase: precheck, structure initialization and data initialization must each be `Finished`.
 * The overall `Status` is not used for success because it stays `Migrating` while incremental sync goes on.
 */
import type { InitializationPhaseStatus, PrecheckItem, SynchronizationObjectModifyStatus } from "../types";

/** The phases a modification task goes through, in order. */
export type ModifyPhase = "precheck" | "structureInitialization" | "dataInitialization";

/** Human names of the phases, for reasons and messages. */
export const PHASE_LABELS: Record<ModifyPhase, string> = {
  precheck: "precheck",
  structureInitialization: "structure initialization",
  dataInitialization: "data initialization",
};

/** The acceptor's verdict. */
export interface AcceptorResult {
  state: "success" | "failure" | "retry";
  /** One line saying why, with progress for `retry`. */
  reason: string;
  /** The first phase that failed. */
  failedPhase?: ModifyPhase;
  /** Precheck items whose CheckStatus is `Failed` (`[]` otherwise). */
  failedItems: PrecheckItem[];
}

/** The three phases of a modification, in order. */
export const PHASES: readonly ModifyPhase[] = ["precheck", "structureInitialization", "dataInitialization"];

/**
 * True when precheck, structure and data initialization are each `Finished`: the success rule of
 * {@link checkModifyStatus}, also read by the provider from stored outputs (same phase keys and statuses).
 */
export function phasesFinished(s: { readonly [P in ModifyPhase]?: { readonly status?: string } }): boolean {
  return PHASES.every((p) => s[p]?.status === "Finished");
}

/**
 * Percent summary of one reply, e.g. `precheck Finished 100%, structure initialization Migrating 40%, ...`: the
 * acceptor's retry reason, the provider's progress lines.
 */
export function percentLine(status: SynchronizationObjectModifyStatus): string {
  return PHASES.map((p) => `${PHASE_LABELS[p]} ${status[p].status} ${status[p].percent}%`).join(", ");
}

function failedInit(phase: ModifyPhase, p: InitializationPhaseStatus, s: SynchronizationObjectModifyStatus): AcceptorResult {
  const message = p.errorMessage ?? s.errorMessage;
  return {
    state: "failure",
    reason: `${PHASE_LABELS[phase]} Failed${message ? `: ${message}` : ""}`,
    failedPhase: phase,
    failedItems: [],
  };
}

/**
 * Maps one status reply to `{state, reason}`:
 * - **failure** when a precheck item's CheckStatus is `Failed` (even while the precheck still runs: it cannot pass
 *   any more), when a phase is `Failed`, or when the overall status is `PrecheckFailed` / `Failed`;
 * - **success** when precheck, structure and data initialization are each `Finished` (overall `Status` may read
 *   `Migrating`);
 * - **retry** otherwise, including any status string this package does not know.
 *
 * @example
 * ```ts
 * checkModifyStatus(await client.describeSynchronizationObjectModifyStatus({ taskId })).state // "retry"
 * ```
 */
export function checkModifyStatus(status: SynchronizationObjectModifyStatus): AcceptorResult {
  const failedItems = status.precheck.items.filter((item) => item.checkStatus === "Failed");
  if (failedItems.length > 0 || status.precheck.status === "Failed" || status.status === "PrecheckFailed") {
    const items = failedItems.map((i) => `${i.itemName}: ${i.errorMessage ?? "failed"}${i.repairMethod ? ` (repair: ${i.repairMethod})` : ""}`);
    const detail = items.length > 0 ? items.join("; ") : (status.errorMessage ?? "no item reported");
    return {
      state: "failure",
      reason: `precheck Failed (${failedItems.length} item${failedItems.length === 1 ? "" : "s"}): ${detail}`,
      failedPhase: "precheck",
      failedItems,
    };
  }
  if (status.structureInitialization.status === "Failed") return failedInit("structureInitialization", status.structureInitialization, status);
  if (status.dataInitialization.status === "Failed") return failedInit("dataInitialization", status.dataInitialization, status);
  if (status.status === "Failed") {
    return { state: "failure", reason: `task Failed${status.errorMessage ? `: ${status.errorMessage}` : ""}`, failedItems: [] };
  }
  if (phasesFinished(status)) {
    const overall = status.status === "Finished" ? "" : ` (overall status ${status.status}: incremental sync continues)`;
    return { state: "success", reason: `precheck, structure initialization and data initialization Finished${overall}`, failedItems: [] };
  }
  return { state: "retry", reason: `status ${status.status}: ${percentLine(status)}`, failedItems: [] };
}
