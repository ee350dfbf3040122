// Messages for the person running `pulumi`, as real engine warnings: they appear in the update's
// "Diagnostics", in the event stream and in the Automation API's engine events, like a provider's
// own warnings (a dynamic provider's stderr is not a warning to the engine).
//
// How: the engine starts the dynamic provider process as `node …/cmd/dynamic-provider <engine
// address>` and serves its Engine service (the Log call) at that address; @pulumi/pulumi's dynamic
// provider itself never connects to it, so we do. Outside an engine (tests that call the handlers,
// tools), warnings go to stderr. Never pass a secret or a credential here.
import * as grpc from "@grpc/grpc-js";
import type { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";

let engine: EngineClient | null | undefined;
const pending = new Set<Promise<void>>();

/** host:port of the engine when this process is a dynamic provider the engine started. */
export function engineAddressFromArgv(argv: readonly string[] = process.argv): string | undefined {
  if (!argv.some((a) => /[\\/]dynamic-provider([\\/]index\.js)?$/.test(a))) return undefined;
  // Logging flags (e.g. --logtostderr, -v=9) may come first; the address is the host:port argument.
  return [...argv].reverse().find((a) => /^[\w.[\]:-]+:\d+$/.test(a));
}

/** Sends warnings to this engine from now on (the native provider knows its engine otherwise). */
export function useEngine(address: string | undefined): void {
  if (!address) {
    engine = null;
    return;
  }
  // Loaded only when there is an engine: the proto modules are large.
  const { EngineClient: Client } =
    require("@pulumi/pulumi/proto/engine_grpc_pb") as typeof import("@pulumi/pulumi/proto/engine_grpc_pb");
  engine = new Client(address, grpc.credentials.createInsecure());
}

function engineClient(): EngineClient | null {
  if (engine === undefined) useEngine(engineAddressFromArgv());
  return engine ?? null;
}

function toStderr(message: string): void {
  console.warn(`warning: ${message}`);
}

function logToEngine(client: EngineClient, message: string): Promise<void> {
  const { LogRequest, LogSeverity } =
    require("@pulumi/pulumi/proto/engine_pb") as typeof import("@pulumi/pulumi/proto/engine_pb");
  const req = new LogRequest().setSeverity(LogSeverity.WARNING).setMessage(message).setEphemeral(false);
  return new Promise((resolve) => {
    client.log(req, (err) => {
      // The warning must not be lost because the engine did not take it.
      if (err) toStderr(message);
      resolve();
    });
  });
}

let reword: (message: string) => string = (m) => m;

/** Lets the native provider name its own settings in warnings (provider/native/wording.ts). */
export function rewordWarnings(fn: (message: string) => string): void {
  reword = fn;
}

export function warn(text: string): void {
  const message = reword(text);
  const client = engineClient();
  if (!client) return toStderr(message);
  const sent = logToEngine(client, message);
  pending.add(sent);
  void sent.finally(() => pending.delete(sent));
}

/** Waits until every warning sent so far reached the engine (before an operation answers). */
export async function flushWarnings(): Promise<void> {
  await Promise.all([...pending]);
}

/** The provider with every operation answering only once its warnings reached the engine. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any provider's async methods
export function flushingWarnings<T extends Record<string, (...args: any[]) => Promise<unknown>>>(
  provider: T,
): T {
  const wrapped = Object.entries(provider).map(([name, op]) => [
    name,
    async (...args: unknown[]) => {
      try {
        return await op(...args);
      } finally {
        await flushWarnings();
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
