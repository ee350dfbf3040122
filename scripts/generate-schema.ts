// Writes schema.json, sdk/args.ts and sdk/outputs.ts from the zod models (npm run schema).
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./engine";
import { schemaText } from "./schema";
import { sdkArgsText } from "./sdk-args";
import { sdkOutputsText } from "./sdk-outputs";

// Every rendering of the zod models: the package schema, the SDK's argument and output types.
async function main(): Promise<void> {
  for (const [file, text] of [
    ["schema.json", schemaText()],
    [path.join("sdk", "args.ts"), await sdkArgsText()],
    [path.join("sdk", "outputs.ts"), await sdkOutputsText()],
  ] as const) {
    const target = path.join(repoRoot, file);
    fs.writeFileSync(target, text);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
}

void main();
