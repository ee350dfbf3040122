// What the provider tells the user while `run` runs: outside an engine, diagnostics.warn writes to
// console.warn, which is captured here (and not printed).
export async function warnings<T>(run: () => Promise<T>): Promise<{ result: T; said: string }> {
  const said: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void said.push(args.join(" "));
  try {
    return { result: await run(), said: said.join("\n") };
  } finally {
    console.warn = original;
  }
}
