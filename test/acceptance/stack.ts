// A real-engine stack (Automation API, file:// backend, passphrase secrets) whose provider reaches the
// acceptance Harbor through HARBOR_URL / _USERNAME / _PASSWORD, as a user's CI sets them. Its
// temporary folders are removed at the end of the run; what it made in Harbor is swept by run.ts.
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { createLocalStack, type LocalStack } from "../../scripts/engine";
import { run } from "./run";

export async function acceptanceStack(
  projectName: string,
  program: PulumiFn,
  opts: { env?: Record<string, string>; root?: string; stackName?: string; backendDir?: string } = {},
): Promise<LocalStack> {
  const local = await createLocalStack({
    projectName,
    program,
    envVars: { ...run.harborEnv, ...opts.env },
    ...(opts.root ? { root: opts.root } : {}),
    // Stacks of one project sharing a backend: `dev` and `prod` of one program, as a platform repo has.
    ...(opts.stackName ? { stackName: opts.stackName } : {}),
    ...(opts.backendDir ? { backendDir: opts.backendDir } : {}),
  });
  run.onCleanup(`remove the folders of stack ${projectName}/${local.stack.name}`, () => local.cleanup());
  return local;
}

/** Robot outputs of a stack, read after an operation. */
export async function outputsOf(local: LocalStack): Promise<Record<string, unknown>> {
  const outs = await local.stack.outputs();
  return Object.fromEntries(Object.entries(outs).map(([k, v]) => [k, v.value]));
}
