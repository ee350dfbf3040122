// Makes `require("pulumi-harbor-robots/...")` resolve to this checkout, as it does in a user's project.
// The provider code stored in Pulumi state is a thin shim that loads the installed package at run time
// (so package upgrades also reach deletes and refreshes); in this repository the package *is* the
// checkout, so link node_modules/pulumi-harbor-robots -> .. . Does nothing when installed as a dependency.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
if (root.split(path.sep).includes("node_modules")) process.exit(0);
const link = path.join(root, "node_modules", "pulumi-harbor-robots");
try {
  if (fs.realpathSync(link) === fs.realpathSync(root)) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // no link yet
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync("..", link, "dir");
