/**
 * Provider cost: serialized `__provider` size, dynamic-provider host cold start, host memory during 100
 * concurrent waits. Filled in once provider/ and tests/host/host-client.ts have landed.
 */
import type { BenchSection } from "./util";

export interface ProviderCostOptions {
  /** Concurrent Create RPCs in one host process. @default 100 */
  concurrent?: number;
}

export async function runProviderCost(_options: ProviderCostOptions = {}): Promise<BenchSection> {
  throw new Error("provider-cost benchmark: needs provider/ and tests/host/host-client.ts (not landed yet)");
}
