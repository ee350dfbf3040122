// The Harbor client for a resource: its explicit connection, else stack config, else environment.
import { registryHost, resolveConnection } from "./client/connection";
import { clientFor, type HarborClient } from "./client/harbor-client";
import type { ConnectionInput } from "./model/connection";
import { getStackConfig } from "./runtime-config";

export interface HarborTarget {
  client: HarborClient;
  /** host[:port], e.g. for a docker config's "auths". */
  registry: string;
}

export function harborFor(connection: ConnectionInput | undefined): HarborTarget {
  const settings = resolveConnection(connection, getStackConfig());
  return { client: clientFor(settings), registry: registryHost(settings.url) };
}
