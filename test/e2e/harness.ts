// Shared e2e plumbing: an in-process Harbor emulator plus a real-engine stack whose provider
// process reaches the emulator through HARBOR_* environment variables (nothing in the state).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { createLocalStack, exportStackEncrypted, listFiles, type LocalStack } from "../../scripts/engine";

export interface EmulatorStack extends LocalStack {
  emu: HarborEmulator;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function emulatorStack(
  projectName: string,
  program: PulumiFn,
  opts: { emu?: HarborEmulator; backendDir?: string; stackName?: string } = {},
): Promise<EmulatorStack> {
  const emu = opts.emu ?? (await startEmulator());
  const env = {
    ...emu.harborEnv(),
  };
  const local = await createLocalStack({
    projectName,
    program,
    envVars: env,
    backendDir: opts.backendDir,
    stackName: opts.stackName,
  });
  return {
    ...local,
    emu,
    env,
    close: async () => {
      local.cleanup();
      if (!opts.emu) await emu.close();
    },
  };
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The state as `pulumi stack export` gives it (no --show-secrets). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pulumi checkpoint JSON, read ad hoc
type Json = any;

export async function exportedResources(stack: Stack, type: string) {
  const d = await exportStackEncrypted(stack);
  const resources = (d.deployment.resources ?? []) as Array<{
    type: string;
    urn: string;
    inputs?: Json;
    outputs?: Json;
  }>;
  return { deployment: d, resources: resources.filter((r) => r.type === type) };
}

/** A state value that is a Pulumi secret stored as ciphertext (never plaintext). */
export function assertCiphertext(value: unknown, what: string): void {
  const v = value as Record<string, unknown> | undefined;
  assert.ok(
    v && typeof v === "object",
    // Never the value itself: a failing run must not print the plaintext secret into the CI log.
    `${what} should be a secret object in the state, got a ${value === null ? "null" : typeof value}`,
  );
  assert.equal(v![SECRET_SIG], "1b47061264138c4ac30d75fd1eb44270", `${what} is not marked secret`);
  assert.match(
    String(v!.ciphertext),
    /^v1:/,
    `${what} is not ciphertext: ${JSON.stringify(Object.keys(v!))}`,
  );
  assert.equal(v!.plaintext, undefined, `${what} has plaintext`);
}

/** No file of the backend (state, history, backups) or the work dir contains any of the strings. */
export function assertNotOnDisk(dirs: string[], needles: string[]): number {
  let scanned = 0;
  for (const dir of dirs) {
    for (const file of listFiles(dir)) {
      scanned++;
      const text = fs.readFileSync(file).toString("utf8");
      for (const needle of needles) assert.ok(!text.includes(needle), `plaintext secret found in ${file}`);
    }
  }
  assert.ok(scanned > 0, "no state files were scanned");
  return scanned;
}

/** The engine's error text for a failed operation. */
export async function failureOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return String((e as Error).message ?? e);
  }
  assert.fail("the operation should have failed");
}

/** Collects the engine's diagnostics of one operation: pass `events.onEvent` to it. */
export function diagnostics() {
  const seen: Array<{ severity: string; message: string }> = [];
  return {
    onEvent: (e: { diagnosticEvent?: { severity: string; message: string } }) => {
      if (e.diagnosticEvent) seen.push(e.diagnosticEvent);
    },
    /** Messages the engine shows as warnings (not a provider's stderr, which arrives as info). */
    warnings: () => seen.filter((d) => d.severity === "warning").map((d) => d.message),
    all: () => seen,
  };
}
