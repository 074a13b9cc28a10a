/** Shared helpers for the emulator tests: a manual clock, the real pop-core client, hand-signed requests. */
import { request as httpRequest } from "node:http";
import { XMLParser } from "fast-xml-parser";
import { signParams } from "../../emulator/signature-v1";
import type { EmulatorHandle } from "../../emulator";

const RPCClient = require("@alicloud/pop-core");

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public t = Date.UTC(2025, 0, 1)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** The real @alicloud/pop-core RPC client pointed at the emulator. */
export interface PopClient {
  request(action: string, params?: Record<string, unknown>, opts?: Record<string, unknown>): Promise<any>;
}

export function popClient(emu: EmulatorHandle, creds?: { id: string; secret: string }): PopClient {
  return new RPCClient({
    accessKeyId: creds?.id ?? emu.accessKeyId,
    accessKeySecret: creds?.secret ?? emu.accessKeySecret,
    endpoint: emu.url,
    apiVersion: "2020-01-01",
  });
}

/** Error thrown by pop-core, as it looks to callers. */
export async function popError(p: Promise<unknown>): Promise<{ code: string; data: any; name: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; data: any; name: string };
  }
  throw new Error("expected the call to fail");
}

let nonceCounter = 0;

/** RPC Timestamp for a given time (seconds precision, as pop-core sends). */
export function rpcTimestamp(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The common parameters of a signed call. */
export function commonParams(emu: EmulatorHandle, action: string, format: "JSON" | "XML" = "XML"): Record<string, string> {
  return {
    Action: action,
    Version: "2020-01-01",
    Format: format,
    AccessKeyId: emu.accessKeyId,
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    SignatureNonce: `n-${process.pid}-${Date.now()}-${++nonceCounter}`,
    Timestamp: rpcTimestamp(),
    RegionId: "cn-hangzhou",
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Send a raw HTTP request to the emulator. */
export function rawRequest(emu: EmulatorHandle, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: emu.port, method, path, headers: { ...headers, connection: "close" }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/** A hand-signed call (GET query or POST form), any Format. `tamper` edits the params after signing. */
export async function signedCall(
  emu: EmulatorHandle,
  action: string,
  params: Record<string, string>,
  opts: {
    format?: "JSON" | "XML";
    method?: "GET" | "POST";
    secret?: string;
    override?: Record<string, string>;
    omit?: string[];
    tamper?: (signed: Record<string, string>) => void;
  } = {},
): Promise<RawResponse> {
  const method = opts.method ?? "GET";
  const all: Record<string, string> = { ...commonParams(emu, action, opts.format ?? "XML"), ...params, ...(opts.override ?? {}) };
  for (const k of opts.omit ?? []) delete all[k];
  const signed = signParams(method, all, opts.secret ?? emu.accessKeySecret).params;
  opts.tamper?.(signed);
  const encoded = new URLSearchParams(signed).toString();
  if (method === "GET") return rawRequest(emu, "GET", `/?${encoded}`);
  return rawRequest(emu, "POST", "/", encoded, { "content-type": "application/x-www-form-urlencoded" });
}

/** Parse an XML body keeping element order irrelevant; `arrays` are always arrays. */
export function parseXml(body: string, arrays: string[] = []): any {
  return new XMLParser({
    parseTagValue: false,
    isArray: (name) => arrays.includes(name),
  }).parse(body);
}

export function json(r: RawResponse): any {
  return JSON.parse(r.body);
}

/** The wire form of SynchronizationObjects. */
export function objects(dbs: Array<{ db: string; newDb?: string; tables?: string[] }>): string {
  return JSON.stringify(
    dbs.map((d) => ({
      DBName: d.db,
      NewDBName: d.newDb ?? d.db,
      ...(d.tables ? { TableIncludes: d.tables.map((t) => ({ TableName: t, NewTableName: t })) } : {}),
    })),
  );
}
