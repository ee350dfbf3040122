// Preview checks inputs against one Harbor release's rules without asking the server (it must stay
// offline). At apply, when the server is asked anyway, say so if it runs another release.
import type { HarborClient } from "./client/harbor-client";
import { formatVersion } from "./client/version";
import type { ProviderContext } from "./context";

export async function warnOnVersionMismatch(
  ctx: ProviderContext,
  client: HarborClient,
  registry: string,
  explicit?: string,
): Promise<void> {
  const server = await client.version().catch(() => undefined);
  if (!server) return;
  const target = ctx.settings.targetHarborVersion(explicit);
  if (server.major === target.major && server.minor === target.minor) return;
  const key = `${registry}|${formatVersion(target)}`;
  const warned = ctx.memory.versionWarned;
  if (warned.has(key)) return;
  warned.add(key);
  ctx.warnings.warn(
    `inputs were checked at preview against the rules of Harbor ${formatVersion(target)}, but ${registry} runs ` +
      `${server.raw}. Set ${ctx.settings.names.key("harborVersion")} ${server.major}.${server.minor} (or connection.harborVersion, or ` +
      `HARBOR_VERSION) so that preview checks against this server's own rules.`,
  );
}
