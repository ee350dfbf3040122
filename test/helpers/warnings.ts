// What the provider tells the user while `run` runs: outside an engine, diagnostics.warn writes to
// console.warn, which is captured here (and not printed). The one place tests capture warnings.
export async function warnings<T>(
  run: () => T | Promise<T>,
): Promise<{ result: T; said: string; lines: string[] }> {
  const lines: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    return { result: await run(), said: lines.join("\n"), lines };
  } finally {
    console.warn = original;
  }
}
