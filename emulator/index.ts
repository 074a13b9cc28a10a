/**
 * Local DTS emulator: the Alibaba Cloud RPC endpoint for the synchronization-object APIs, with scenarios and faults.
 * Internals (state model, protocol checks, rendering) are exported for tests and tools; `startEmulator` is the API.
 */
export {
  startEmulator,
  DEMO_ACCESS_KEY_ID,
  DEMO_ACCESS_KEY_SECRET,
  DEMO_JOB_ID,
  type EmulatorOptions,
  type EmulatorHandle,
  type EmulatorStats,
} from "./server";
export {
  SCENARIO_NAMES,
  FAULT_KINDS,
  DEFAULT_DURATIONS,
  DEFAULT_ROWS,
  parseScenario,
  parseFaults,
  type ScenarioName,
  type ScenarioConfig,
  type ScenarioInput,
  type FaultConfig,
  type FaultKind,
  type Durations,
} from "./scenarios";
export type { TaskSnapshot } from "./state";
export { computeSignature, percentEncode, canonicalizeParams, stringToSign, signParams, verifySignature } from "./signature-v1";
export {
  ACS3_HMAC_SHA256,
  canonicalRequest as canonicalRequestV3,
  computeSignature as computeSignatureV3,
  parseAuthorization as parseAuthorizationV3,
  signRequestV3,
  verifySignatureV3,
  type V3SignedParts,
  type SignV3Input,
} from "./signature-v3";
export { KeyStore, StsCredentialSchema, type StsCredential } from "./keys";
export { API_VERSION } from "./protocol";
