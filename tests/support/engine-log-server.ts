/**
 * A stand-in for the engine's Log service (the only engine service the dynamic resources and the native plugin call):
 * a grpc-js server with @pulumi/pulumi's own `EngineService` definition that records every LogRequest, and answers
 * each one `logDelayMs` late when asked (a loaded engine: tests/native/engine-log.test.ts). Give its address to the
 * dynamic-provider host or the plugin as its argument (provider-client's `engineAddress`, `NativePlugin.start`).
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

/** A recorded LogRequest the server answered, and when (ms, Date.now()). */
export interface AnsweredMessage {
  message: LoggedMessage;
  at: number;
}

export interface EngineLogServer {
  address: string;
  /** Every LogRequest received, in order. */
  messages: LoggedMessage[];
  /** The LogRequests answered so far, in the order they were answered. */
  answered: AnsweredMessage[];
  stop(): Promise<void>;
}

/** Starts the server on a free loopback port; `logDelayMs`: how late each Log call is answered (default 0). */
export async function startEngineLogServer(opts: { logDelayMs?: number } = {}): Promise<EngineLogServer> {
  const grpc = fromPulumi("@grpc/grpc-js");
  const engineGrpc = require(path.join(PULUMI_DIR, "proto", "engine_grpc_pb"));
  const emptyPb = fromPulumi("google-protobuf/google/protobuf/empty_pb");
  const messages: LoggedMessage[] = [];
  const answered: AnsweredMessage[] = [];
  const server = new grpc.Server();
  server.addService(engineGrpc.EngineService, {
    log: (call: any, callback: any) => {
      const r = call.request;
      const logged: LoggedMessage = {
        severity: r.getSeverity(),
        message: r.getMessage(),
        urn: r.getUrn(),
        streamId: r.getStreamid(),
        ephemeral: r.getEphemeral(),
      };
      messages.push(logged);
      const answer = () => {
        answered.push({ message: logged, at: Date.now() });
        callback(null, new emptyPb.Empty());
      };
      if (opts.logDelayMs) setTimeout(answer, opts.logDelayMs);
      else answer();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e: Error | null, p: number) => (e ? reject(e) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    messages,
    answered,
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
