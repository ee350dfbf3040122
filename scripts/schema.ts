// The package schema lives with the native provider (it answers GetSchema with it); `npm run schema`
// writes it to schema.json.
export { buildSchema, schemaText } from "../provider/native/schema";
