// The optional per-resource connection (one program can manage several registries). It is defined
// once, next to the resolution that gives it meaning (provider/client/connection.ts).
export { connectionInput, type ConnectionInput } from "../client/connection";
