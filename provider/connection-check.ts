// check's view of a resource's connection, at preview: a `connection.url` that names another
// registry than the stack's, with no credentials of its own, is known to fail before anything is
// sent (the stack's credentials are never sent to another host), so it is reported here, naming the
// fields to set. Everything else about credentials is left to apply (they may come from the
// environment of the run that applies).
import { resolveConnection, type ConnectionInput } from "./client/connection";
import { ERROR_CODES, hasCode, type HarborSettingsError } from "./client/errors";
import { containsUnknown } from "./model/unknowns";
import type { CheckFailure } from "./model/validation";
import { getStackConfig } from "./runtime-config";

export function connectionFailures(connection: ConnectionInput | undefined): CheckFailure[] {
  if (!connection?.url || containsUnknown(connection)) return [];
  try {
    resolveConnection(connection, getStackConfig());
    return [];
  } catch (e) {
    if (!hasCode(e, ERROR_CODES.settings)) return [];
    const { fields, message } = e as HarborSettingsError;
    return fields.map((property) => ({ property, reason: message }));
  }
}
