#!/usr/bin/env node
// `node dist/emulator/cli.js --port 8080`: a standalone emulated Harbor for demos and manual tries.

import { parseArgs } from "node:util";
import { HarborError } from "./errors";
import { faultRateFrom, RATE_FAULT_KINDS } from "./faults";
import { startEmulator } from "./index";
import { API_BASE } from "./server";

const USAGE = `usage: cli.js [--port N] [--host H] [--version 2.15|2.10] [--admin-user U] [--admin-password P]
              [--state-file FILE] [--seed-projects a,b,c]
              [--fault-rate 0.2] [--fault-seed N] [--fault-mix 503,500,429,reset,apply-then-502,apply-then-reset,latency]
              [--fault-latency-ms MS] [--password-check-ms MS] [--login-freeze-ms MS]
  Each --fault-* flag may also come from the environment: HARBOR_EMULATOR_FAULT_RATE, _SEED, _MIX, _LATENCY_MS.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8080" },
      host: { type: "string", default: "127.0.0.1" },
      version: { type: "string", default: "2.15" },
      "admin-user": { type: "string", default: "admin" },
      "admin-password": { type: "string", default: "Harbor12345" },
      "state-file": { type: "string" },
      "seed-projects": { type: "string" },
      "fault-rate": { type: "string" },
      "fault-seed": { type: "string" },
      "fault-mix": { type: "string" },
      "fault-latency-ms": { type: "string" },
      "password-check-ms": { type: "string" },
      "login-freeze-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
  if (values.version !== "2.15" && values.version !== "2.10")
    throw new Error(`invalid --version ${values.version} (2.15 or 2.10)`);
  const faultRate = faultRateFrom({
    rate: values["fault-rate"],
    seed: values["fault-seed"],
    mix: values["fault-mix"],
    latencyMs: values["fault-latency-ms"],
  });
  const ms = (flag: "password-check-ms" | "login-freeze-ms") => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n) || n < 0) throw new Error(`invalid --${flag} ${raw}`);
    return n;
  };
  const emulator = await startEmulator({
    port,
    host: values.host,
    version: values.version,
    adminUser: values["admin-user"],
    adminPassword: values["admin-password"],
    stateFile: values["state-file"],
    faultRate,
    passwordCheckMs: ms("password-check-ms"),
    loginFreezeMs: ms("login-freeze-ms"),
  });
  for (const name of (values["seed-projects"] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    try {
      emulator.seedProject(name);
    } catch (e) {
      // Already there from the state file: fine.
      if (!(e instanceof HarborError && e.code === "CONFLICT")) throw e;
    }
  }
  console.log(
    `Harbor ${emulator.version} emulator listening on ${emulator.url} (API at ${emulator.url}${API_BASE})`,
  );
  if (faultRate) {
    console.log(
      `faults: ${Math.round(faultRate.rate * 1000) / 10} % of requests (seed ${faultRate.seed ?? 1}, mix ${(faultRate.mix ?? RATE_FAULT_KINDS).join(",")})`,
    );
  }
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(`harbor emulator: ${(e as Error).message}`);
  console.error(USAGE);
  process.exit(2);
});
