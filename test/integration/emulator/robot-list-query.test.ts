// Behaviour 12: page_size above 100 → 422, default 10; q filters Level, ProjectID, name (exact and
// ~fuzzy) and more; without Level only system robots; X-Total-Count and relative Link headers.

import assert from "node:assert/strict";
import { harborError, useEmulator } from "../helpers/emulator-fixture";

const names = (body: Array<{ name: string }>) => body.map((r) => r.name);
const q = (s: string) => `q=${encodeURIComponent(s)}`;

describe("emulator: GET /robots query", () => {
  const fx = useEmulator();

  function seed(count: number) {
    for (let i = 0; i < count; i++) fx.emulator.seedRobot({ name: `bot-${String(i).padStart(2, "0")}` });
  }

  it("pages by 10 by default and reports the total", async () => {
    seed(12);
    const first = await fx.admin.get("/robots");
    assert.equal(first.body.length, 10);
    assert.equal(first.headers.get("x-total-count"), "12");
    assert.equal(first.headers.get("link"), '</api/v2.0/robots?page=2&page_size=10>; rel="next"');
    const second = await fx.admin.get("/robots?page=2");
    assert.deepEqual(names(second.body), ["robot$bot-10", "robot$bot-11"]);
    assert.equal(second.headers.get("link"), '</api/v2.0/robots?page=1&page_size=10>; rel="prev"');
  });

  it("builds prev and next links keeping q, separated by ' , '", async () => {
    seed(7);
    const res = await fx.admin.get(`/robots?page=2&page_size=2&${q("name=~bot")}`);
    assert.equal(
      res.headers.get("link"),
      '</api/v2.0/robots?page=1&page_size=2&q=name=~bot>; rel="prev" , </api/v2.0/robots?page=3&page_size=2&q=name=~bot>; rel="next"',
    );
  });

  it("accepts page_size 100 and rejects 101 with 422", async () => {
    assert.equal((await fx.admin.get("/robots?page_size=100")).status, 200);
    const res = await fx.admin.get("/robots?page_size=101");
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.body,
      harborError(
        "UNPROCESSABLE_ENTITY",
        "validation failure list:\npage_size in query should be less than or equal to 100",
      ),
    );
    assert.equal((await fx.admin.get("/robots?page=x")).status, 422);
  });

  it("filters by exact and fuzzy name (the stored name, without prefix)", async () => {
    seed(3);
    fx.emulator.seedRobot({ name: "deployer" });
    assert.deepEqual(names((await fx.admin.get(`/robots?${q("name=bot-01")}`)).body), ["robot$bot-01"]);
    assert.deepEqual(names((await fx.admin.get(`/robots?${q("name=robot$bot-01")}`)).body), []);
    assert.deepEqual(names((await fx.admin.get(`/robots?${q("Level=system,name=~BOT")}`)).body), [
      "robot$bot-00",
      "robot$bot-01",
      "robot$bot-02",
    ]);
    assert.deepEqual(names((await fx.admin.get(`/robots?${q("name={deployer bot-02}")}`)).body), [
      "robot$bot-02",
      "robot$deployer",
    ]);
  });

  it("filters by other columns and ignores unknown keys", async () => {
    fx.emulator.seedRobot({ name: "on" });
    fx.emulator.seedRobot({ name: "off", disabled: true });
    assert.deepEqual(names((await fx.admin.get(`/robots?${q("disabled=true")}`)).body), ["robot$off"]);
    assert.deepEqual(names((await fx.admin.get(`/robots?${q("nonsense=1")}`)).body), [
      "robot$off",
      "robot$on",
    ]);
  });

  it("sorts by name by default and honours sort", async () => {
    fx.emulator.seedRobot({ name: "b" });
    fx.emulator.seedRobot({ name: "a" });
    fx.emulator.seedRobot({ name: "c" });
    assert.deepEqual(names((await fx.admin.get("/robots")).body), ["robot$a", "robot$b", "robot$c"]);
    assert.deepEqual(names((await fx.admin.get("/robots?sort=-name")).body), [
      "robot$c",
      "robot$b",
      "robot$a",
    ]);
    assert.deepEqual(names((await fx.admin.get("/robots?sort=id")).body), ["robot$b", "robot$a", "robot$c"]);
  });

  it("lists only system robots without Level, and rejects other levels", async () => {
    fx.emulator.seedProject("dev");
    fx.emulator.seedRobot({ name: "sys" });
    fx.emulator.seedRobot({ name: "proj", project: "dev" });
    assert.deepEqual(names((await fx.admin.get("/robots")).body), ["robot$sys"]);
    assert.deepEqual(names((await fx.admin.get(`/robots?${q("Level=system,ProjectID=1")}`)).body), [
      "robot$sys",
    ]);
    const bad = await fx.admin.get(`/robots?${q("Level=global")}`);
    // Unlike create, the listing does not name the level (measured on v2.10.3 and v2.15.2).
    assert.deepEqual(bad.body, harborError("BAD_REQUEST", "bad request error level input"));
  });

  it("answers 500 for a non-string Level like v2.15.2 does", async () => {
    const res = await fx.admin.get(`/robots?${q("Level={system project}")}`);
    assert.deepEqual(res.body, harborError("UNKNOWN", "internal server error"));
  });

  it("returns every row with page_size=0", async () => {
    seed(12);
    assert.equal((await fx.admin.get("/robots?page_size=0")).body.length, 12);
  });
});
