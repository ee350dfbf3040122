// `pulumi-harbor-robots <command>` (the package's npm bin, started by bin/ on Node ≥ 22). One
// command so far: `inventory`.
import { inventoryCommand, EXIT, type CliIo } from "./inventory-command";

const HELP = `Usage: pulumi-harbor-robots <command> [options]

Commands:
  inventory   every robot of a Harbor registry, classified by owner and expiry (--help for options)
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "inventory") return inventoryCommand(rest, io);
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout.write(HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  io.stderr.write(`pulumi-harbor-robots: unknown command "${command}"\n${HELP}`);
  return EXIT.usage;
}

export function main(argv: string[] = process.argv.slice(2)): void {
  runCli(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`pulumi-harbor-robots: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}

if (require.main === module) main();
