// The context every operation is handed: what the engine's configure changes, what a provider
// process keeps between operations, and that two processes share nothing.
import assert from "node:assert/strict";
import * as dynamicAdapter from "../../provider";
import { createContext, withStackConfig } from "../../provider/context";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
const robot = { name: "ci", permissions: [{ scope: "allProjects", access: ["pull"] }] };

describe("the provider context", () => {
  it("configure gives the stack config and keeps the process's clients, warnings and memories", () => {
    const first = createContext({ env: {} });
    first.memory.adopted.record(
      "https://h.example",
      { id: 7, creation_time: "2026-01-01T00:00:00Z" },
      {
        stack: "acme/p/dev",
        resource: "ci",
      },
    );
    const configured = withStackConfig(first, config({ "harbor:strict": "true" }));
    assert.equal(configured.settings.strict(), true);
    assert.equal(first.settings.strict(), false, "the earlier settings are not changed");
    assert.equal(configured.clients, first.clients);
    assert.equal(configured.warnings, first.warnings);
    assert.equal(configured.memory, first.memory);
    assert.ok(
      configured.memory.adopted.has(
        "https://h.example",
        { robotId: 7, creationTime: "2026-01-01T00:00:00Z" },
        { stack: "acme/p/dev", resource: "ci" },
      ),
    );
  });

  it("two processes share no memory and no client", () => {
    const a = createContext({ env: {} });
    const b = createContext({ env: {} });
    a.memory.declaredInForce.record("https://h.example", "namePrefix", "a$");
    assert.equal(b.memory.declaredInForce.has("https://h.example", "namePrefix", "a$"), false);
    const settings = { url: "https://h.example", username: "u", password: "p", insecure: false };
    assert.notEqual(a.clients.clientFor(settings), b.clients.clientFor(settings));
  });

  it("the dynamic adapter's operations read the stack config its configure was given", async () => {
    const saved = process.env.HARBOR_STRICT;
    delete process.env.HARBOR_STRICT;
    try {
      await dynamicAdapter.configure({ config: config({ "harbor:strict": "maybe" }) });
      const refused = await dynamicAdapter.robotAccount.check({} as never, { ...robot } as never);
      assert.match(
        (refused.failures ?? []).map((f) => f.reason).join("\n"),
        /stack config harbor:strict must be true or false/,
      );
      await dynamicAdapter.configure({ config: config({}) });
      const passed = await dynamicAdapter.robotSettings.check({} as never, { namePrefix: "bot-" } as never);
      assert.deepEqual(passed.failures ?? [], []);
    } finally {
      if (saved !== undefined) process.env.HARBOR_STRICT = saved;
    }
  });
});
