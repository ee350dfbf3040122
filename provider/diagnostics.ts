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

/** Where an operation's warnings go; each provider process's context owns one. */
export interface WarningSink {
  warn(text: string): void;
  /** Resolves once every warning given so far reached its destination (before an operation answers). */
  flush(): Promise<void>;
}

/** host:port of the engine when this process is a dynamic provider the engine started. */
export function engineAddressFromArgv(argv: readonly string[] = process.argv): string | undefined {
  if (!argv.some((a) => /[\\/]dynamic-provider([\\/]index\.js)?$/.test(a))) return undefined;
  // Logging flags (e.g. --logtostderr, -v=9) may come first; the address is the host:port argument.
  return [...argv].reverse().find((a) => /^[\w.[\]:-]+:\d+$/.test(a));
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

/** Warnings to the engine at `address` (stderr when there is none). */
export function engineWarnings(address: string | undefined): WarningSink {
  // Loaded only when there is an engine: the proto modules are large.
  const engine = address
    ? new (
        require("@pulumi/pulumi/proto/engine_grpc_pb") as typeof import("@pulumi/pulumi/proto/engine_grpc_pb")
      ).EngineClient(address, grpc.credentials.createInsecure())
    : null;
  const pending = new Set<Promise<void>>();
  return {
    warn(message: string): void {
      if (!engine) return toStderr(message);
      const sent = logToEngine(engine, message);
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
    },
    async flush(): Promise<void> {
      await Promise.all([...pending]);
    },
  };
}

/** The provider with every operation answering only once its warnings reached the engine. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any provider's async methods
export function flushingWarnings<T extends Record<string, (...args: any[]) => Promise<unknown>>>(
  provider: T,
  warnings: () => WarningSink,
): T {
  const wrapped = Object.entries(provider).map(([name, op]) => [
    name,
    async (...args: unknown[]) => {
      try {
        return await op(...args);
      } finally {
        await warnings().flush();
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
