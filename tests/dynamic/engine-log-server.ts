/**
 * A stand-in for the engine's Log service (the only engine service the dynamic resources call): a grpc-js server with
 * @pulumi/pulumi's own `EngineService` definition that records every LogRequest. Give its address to the
 * dynamic-provider host as its argument (host-client's `engineAddress`).
 */
import * as path from "node:path";

const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [path.resolve(__dirname, "..", "..")] }));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [PULUMI_DIR] }));

/** One recorded LogRequest. */
export interface LoggedMessage {
  severity: number;
  message: string;
  urn: string;
  streamId: number;
  ephemeral: boolean;
}

export interface EngineLogServer {
  address: string;
  messages: LoggedMessage[];
  stop(): Promise<void>;
}

export async function startEngineLogServer(): Promise<EngineLogServer> {
  const grpc = fromPulumi("@grpc/grpc-js");
  const engineGrpc = require(path.join(PULUMI_DIR, "proto", "engine_grpc_pb"));
  const emptyPb = fromPulumi("google-protobuf/google/protobuf/empty_pb");
  const messages: LoggedMessage[] = [];
  const server = new grpc.Server();
  server.addService(engineGrpc.EngineService, {
    log: (call: any, callback: any) => {
      const r = call.request;
      messages.push({ severity: r.getSeverity(), message: r.getMessage(), urn: r.getUrn(), streamId: r.getStreamid(), ephemeral: r.getEphemeral() });
      callback(null, new emptyPb.Empty());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e: Error | null, p: number) => (e ? reject(e) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    messages,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

/**
 * Run as a program (bench/provider-cost.ts: the engine is another process, as in `pulumi up`): prints
 * `{"address": ...}` on stdout, and on SIGTERM `{"messages": <count>}`, then exits.
 */
if (require.main === module) {
  void startEngineLogServer().then((server) => {
    process.stdout.write(`${JSON.stringify({ address: server.address })}\n`);
    process.once("SIGTERM", () => {
      process.stdout.write(`${JSON.stringify({ messages: server.messages.length })}\n`);
      void server.stop().then(() => process.exit(0));
    });
  });
}
