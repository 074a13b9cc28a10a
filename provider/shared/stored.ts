/** Small readings of a resource's stored properties that every resource's methods share. */
import { now } from "./runtime";

/** When the stored change was started (its `startedAt` output), else now. */
export function startedAtOf(olds: Record<string, unknown>): number {
  const parsed = typeof olds.startedAt === "string" ? Date.parse(olds.startedAt) : NaN;
  return Number.isFinite(parsed) ? parsed : now();
}

/** The status calls counted so far (the `polls` output), else 0. */
export function priorPollsOf(olds: Record<string, unknown>): number {
  return typeof olds.polls === "number" ? olds.polls : 0;
}

/** `props` with the serialized provider of `source` kept (the partial state of an error must keep it). */
export function withProvider(props: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  return source.__provider !== undefined ? { ...props, __provider: source.__provider } : props;
}
