// Shared by this package's commands (npm bins): run a compiled entry of the package on Node >= 22,
// this `node` when it is recent enough, else PULUMI_HARBOR_ROBOTS_NODE, else the `node` npm package
// if installed. (undici, the HTTP client, needs Node 22.)
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const MIN_NODE = 22;
const packageDir = path.resolve(__dirname, "..");

function major(version) {
  return Number(String(version).replace(/^v/, "").split(".")[0]);
}

const currentNodeIsRecent = () => major(process.versions.node) >= MIN_NODE;

/** A node binary of version >= MIN_NODE, or undefined. */
function recentNode() {
  if (currentNodeIsRecent()) return process.execPath;
  const candidates = [process.env.PULUMI_HARBOR_ROBOTS_NODE];
  try {
    candidates.push(require.resolve("node/bin/node", { paths: [packageDir, process.cwd()] }));
  } catch {
    // not installed: fine, the message below says what to do
  }
  for (const c of candidates) {
    if (!c || !fs.existsSync(c)) continue;
    const probe = spawnSync(c, ["-p", "process.versions.node"], { encoding: "utf8" });
    if (probe.status === 0 && major(probe.stdout.trim()) >= MIN_NODE) return c;
  }
  return undefined;
}

/** Exits saying which Node is needed. */
function failOldNode(command) {
  console.error(
    `${command} needs Node.js ${MIN_NODE} or later (this is ${process.versions.node}). ` +
      `Put a recent node first on PATH, or set PULUMI_HARBOR_ROBOTS_NODE to its path.`,
  );
  process.exit(1);
}

/**
 * Runs `entry` (a path under the package) with `args`: in this process through `inProcess(module)`
 * when this node is recent enough, else in a child process on a recent node, passing signals on and
 * exiting as it exits.
 */
function launch(command, entry, args, inProcess) {
  const file = path.join(packageDir, entry);
  if (currentNodeIsRecent()) return inProcess(require(file));
  const node = recentNode();
  if (!node) failOldNode(command);
  const child = spawn(node, [file, ...args], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
}

module.exports = { launch, recentNode, failOldNode, packageDir };
