// Entry of the resource plugin `pulumi-resource-harbor-robots` (started by bin/ with Node ≥ 22):
// serves the native provider with @pulumi/pulumi/provider's `main`.
import * as grpc from "@grpc/grpc-js";
import { main } from "@pulumi/pulumi/provider";
import { rewordWarnings, useEngine } from "../diagnostics";
import { configureNative } from "./config";
import { nativeProvider } from "./provider";
import { nativeWording } from "./wording";
import type { PropertyMap } from "./wire";

/** host:port of the engine: the plugin's address argument (logging flags may come first). */
function engineAddress(argv: readonly string[]): string | undefined {
  return [...argv].reverse().find((a) => /^[\w.[\]:-]+:\d+$/.test(a));
}

interface ConfigureCall {
  request: {
    getVariablesMap(): { toArray(): [string, string][] };
    getArgs(): { toJavaScript(): PropertyMap } | undefined;
  };
}

/**
 * @pulumi/pulumi's provider server answers Configure without handing the configuration to the
 * provider (its Provider interface has no configure). Its service implementation is the one object
 * registered for the ResourceProvider service, so its configure is wrapped there: record the
 * configuration, then let the server answer as it does (it accepts secrets, which ./wire.ts handles).
 */
function forwardConfigure(): void {
  const { ResourceProviderService } =
    require("@pulumi/pulumi/proto/provider_grpc_pb") as typeof import("@pulumi/pulumi/proto/provider_grpc_pb");
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    if (service === ResourceProviderService) {
      const answer = (implementation.configure as (call: unknown, cb: unknown) => void).bind(implementation);
      implementation.configure = (call: ConfigureCall, callback: unknown) => {
        configureNative(
          call.request.getArgs()?.toJavaScript(),
          Object.fromEntries(call.request.getVariablesMap().toArray()),
        );
        answer(call, callback);
      };
    }
    return addService.call(this, service, implementation);
  };
}

export function serve(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { version } = require("../../../package.json") as { version: string };
  useEngine(engineAddress(argv));
  rewordWarnings(nativeWording);
  forwardConfigure();
  return main(nativeProvider(version), argv);
}

if (require.main === module) void serve();
