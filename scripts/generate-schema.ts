// Writes schema.json from the zod models (npm run schema).
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./engine";
import { schemaText } from "./schema";

const target = path.join(repoRoot, "schema.json");
fs.writeFileSync(target, schemaText());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
