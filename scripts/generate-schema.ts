// Writes schema.json and sdk/args.ts from the zod models (npm run schema).
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./engine";
import { schemaText } from "./schema";
import { sdkArgsText } from "./sdk-args";

// Both renderings of the zod models: the package schema and the SDK's argument types.
async function main(): Promise<void> {
  for (const [file, text] of [
    ["schema.json", schemaText()],
    [path.join("sdk", "args.ts"), await sdkArgsText()],
  ] as const) {
    const target = path.join(repoRoot, file);
    fs.writeFileSync(target, text);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
}

void main();
