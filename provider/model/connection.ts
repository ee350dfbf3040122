// The optional per-resource connection (one program can manage several registries). It is defined
// once, next to the resolution that gives it meaning (provider/client/connection.ts); which of its
// fields are secrets is declared here, with the other secret fields of the models.
import { connectionInput } from "../client/connection";
import { secretField } from "./secrets";

export { connectionInput, type ConnectionInput } from "../client/connection";

// The password, wherever the connection's fields appear (schema.json's connection types).
secretField(connectionInput.shape.password);

/** The per-resource connection input's documentation (both resources take it). */
export const CONNECTION_DOC =
  "Where and how to reach Harbor, for this resource only; each field left out comes from stack config (harbor:*), then the environment (HARBOR_*). Kept as a Pulumi secret";

/** The `connection` input of both resources: a secret as a whole, since it may hold a password. */
export const connectionField = secretField(connectionInput.optional().describe(CONNECTION_DOC));
