// Entry of the resource plugin `pulumi-resource-harbor-robots` (started by bin/ with Node ≥ 22):
// serves the native provider with @pulumi/pulumi/provider's `main`.
import * as grpc from "@grpc/grpc-js";
import { main } from "@pulumi/pulumi/provider";
import { createContext, withStackConfig, type ProviderContext } from "../context";
import { engineWarnings } from "../diagnostics";
import { NATIVE_SETTING_NAMES, nativeConfig } from "./config";
import { nativeProvider, type CheckConfig } from "./provider";
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

interface Struct {
  toJavaScript(): PropertyMap;
}
interface CheckConfigCall {
  request: { getUrn(): string; getOlds(): Struct | undefined; getNews(): Struct | undefined };
}
type Callback = (err: unknown, resp?: unknown) => void;

/** CheckConfig, which @pulumi/pulumi's server answers UNIMPLEMENTED: the configuration's rules at preview. */
function serveCheckConfig(provider: CheckConfig) {
  const { CheckResponse, CheckFailure } =
    require("@pulumi/pulumi/proto/provider_pb") as typeof import("@pulumi/pulumi/proto/provider_pb");
  return async (call: CheckConfigCall, callback: Callback) => {
    try {
      const news = call.request.getNews();
      const result = await provider.checkConfig(
        call.request.getUrn(),
        call.request.getOlds()?.toJavaScript() ?? {},
        news?.toJavaScript() ?? {},
      );
      const resp = new CheckResponse();
      if (news) resp.setInputs(news as never); // the configuration as given (secrets stay secrets)
      resp.setFailuresList(
        (result.failures ?? []).map((f) => {
          const failure = new CheckFailure();
          failure.setProperty(f.property);
          failure.setReason(f.reason);
          return failure;
        }),
      );
      callback(undefined, resp);
    } catch (e) {
      callback(e);
    }
  };
}

/**
 * @pulumi/pulumi's provider server answers Configure without handing the configuration to the
 * provider (its Provider interface has no configure). Its service implementation is the one object
 * registered for the ResourceProvider service, so its configure is wrapped there: record the
 * configuration, then let the server answer as it does (it accepts secrets, which ./wire.ts handles).
 * Its CheckConfig (UNIMPLEMENTED there) is replaced the same way. The SDK exports no server to
 * subclass or hand an implementation to (docs/design.md, "Why a wrapped method").
 */
function forwardConfigure(
  provider: CheckConfig,
  configure: (config: ConfigureCall["request"]) => void,
): void {
  const { ResourceProviderService } =
    require("@pulumi/pulumi/proto/provider_grpc_pb") as typeof import("@pulumi/pulumi/proto/provider_grpc_pb");
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    if (service === ResourceProviderService) {
      grpc.Server.prototype.addService = addService; // one registration: the patch ends with it
      const answer = (implementation.configure as (call: unknown, cb: unknown) => void).bind(implementation);
      implementation.configure = (call: ConfigureCall, callback: unknown) => {
        configure(call.request);
        answer(call, callback);
      };
      implementation.checkConfig = serveCheckConfig(provider) as grpc.UntypedHandleCall;
    }
    return addService.call(this, service, implementation);
  };
}

export function serve(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { version } = require("../../../package.json") as { version: string };
  // This process's context: its messages (errors, check failures, warnings to its engine) name the
  // native provider's settings; configure gives it the provider's configuration.
  let context: ProviderContext = createContext({
    warnings: engineWarnings(engineAddress(argv)),
    names: NATIVE_SETTING_NAMES,
  });
  const provider = nativeProvider(version, () => context);
  forwardConfigure(provider, (request) => {
    const variables = Object.fromEntries(request.getVariablesMap().toArray());
    context = withStackConfig(context, nativeConfig(request.getArgs()?.toJavaScript(), variables));
  });
  return main(provider, argv);
}

if (require.main === module) void serve();
