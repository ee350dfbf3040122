// Harbor REST client: the only module of provider/client that the rest of the provider imports.
export {
  resolveConnection,
  registryHost,
  normalizeUrl,
  type ConnectionSettings,
  type ConnectionInput,
  type ConfigSource,
} from "./connection";
export {
  HarborError,
  HarborApiError,
  HarborConnectionError,
  HarborResponseError,
  HarborSettingsError,
  OutcomeUnknownError,
  isNotFound,
  isConflict,
  isOutcomeUnknown,
} from "./errors";
export {
  HarborClient,
  clientFor,
  closeAllClients,
  robotQuery,
  PAGE_SIZE,
  type RobotFilter,
} from "./harbor-client";
export type { TransportOptions } from "./http";
export * from "./schemas";
export { parseHarborVersion, atLeast, formatVersion, type HarborVersion } from "./version";
