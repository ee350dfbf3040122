// `node run-up.js <stack root>`: one `pulumi up` of the interrupted-run test's stack, in a process of
// its own, like a CI job; the test SIGKILLs its `pulumi` child while creates are in flight.
// HARBOR_URL, HARBOR_USERNAME and HARBOR_PASSWORD come from the environment, and so do the robots'
// names (INTERRUPTED_ROBOT_PREFIX, INTERRUPTED_PROJECT; see program.ts).
import { createLocalStack } from "../../../scripts/engine";
import { programOf, stackFromEnv } from "./program";

async function main(): Promise<void> {
  const root = process.argv[2];
  if (!root) throw new Error("usage: run-up.js <stack root>");
  const { stack } = await createLocalStack({
    projectName: "interrupted",
    program: programOf(stackFromEnv()),
    root,
  });
  console.log("up starting");
  await stack.up();
  console.log("up finished");
}

main().catch((e: unknown) => {
  console.error(`run-up: ${String((e as Error).message ?? e).split("\n")[0]}`);
  process.exit(1);
});
