// The optional per-resource connection (one program can manage several registries). It is defined
// once, next to the resolution that gives it meaning (provider/client/connection.ts).
export { connectionInput, type ConnectionInput } from "../client/connection";

/** The per-resource connection input's documentation (both resources take it). */
export const CONNECTION_DOC =
  "Where and how to reach Harbor, for this resource only; each field left out comes from stack config (harbor:*), then the environment (HARBOR_*). Kept as a Pulumi secret";
