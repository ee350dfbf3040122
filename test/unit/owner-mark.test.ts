// The owner mark a robot's description carries (provider/model/owner-mark.ts): its exact format, that
// it parses back whatever the names hold, that the declared description comes back exactly, and the
// rules check applies to a declared description beside it.
import assert from "node:assert/strict";
import {
  declaredDescription,
  descriptionRoom,
  markedDescription,
  ownerFromInput,
  ownerInput,
  ownerMark,
  parseOwnerMark,
  readMark,
  type RobotOwner,
} from "../../provider/model/owner-mark";
import { autoName, checkRobotAccount, type CheckedRobotInputs } from "../../provider/robot-account/check";
import { nativeProvider, ownerFor } from "../../provider/native/provider";
import { ProviderProcess } from "../helpers/provider-process";

const proc = new ProviderProcess();

const OWNER: RobotOwner = { stack: "acme/platform/prod", resource: "ci" };
const pull = [{ projects: ["team-a-api"], access: ["pull"] }];

describe("owner mark", () => {
  it("has the documented form, after one space", () => {
    assert.equal(ownerMark(OWNER), '[managed by Pulumi: stack "acme/platform/prod", resource "ci"]');
    assert.equal(
      markedDescription("CI pushes", OWNER),
      'CI pushes [managed by Pulumi: stack "acme/platform/prod", resource "ci"]',
    );
    assert.equal(markedDescription("", OWNER), ownerMark(OWNER), "an empty description is the mark alone");
    assert.equal(markedDescription("CI", undefined), "CI", "no owner, no mark");
  });

  it("parses back any resource name and gives the declared description back exactly, in ASCII", () => {
    const names = [
      'a "quoted" name',
      "back\\slash",
      'tricky", resource "x"]',
      "slash/in/name",
      "ünïcödé 漢字 😀",
      "line\nbreak\ttab",
      "]",
      "",
    ];
    const descriptions = ["", "CI", "ends with spaces  ", ' [brackets] and "quotes"', "😀".repeat(3), "x\n"];
    for (const resource of names)
      for (const declared of descriptions) {
        const owner = { stack: "acme/platform/prod", resource };
        const text = markedDescription(declared, owner);
        assert.match(text.slice(declared.length), /^[\x20-\x7e]*$/, "the mark is printable ASCII");
        assert.deepEqual(readMark(text), { declared, owner }, JSON.stringify({ declared, resource }));
        assert.deepEqual(parseOwnerMark(text), owner);
        assert.equal(declaredDescription(text), declared);
      }
  });

  it("reads a description without a mark as declared text with no owner", () => {
    for (const text of [
      undefined,
      "",
      "CI",
      "[managed by Pulumi: stack acme, resource ci]",
      'x [managed by Pulumi: stack "a", resource "b"] tail',
    ]) {
      assert.equal(parseOwnerMark(text), undefined, String(text));
      assert.equal(declaredDescription(text), text ?? "");
    }
    // Not valid JSON inside the quotes: not a mark we wrote.
    assert.equal(parseOwnerMark('[managed by Pulumi: stack "\\q", resource "ci"]'), undefined);
  });

  it("takes the last mark when a hand-edited description holds two", () => {
    const text = `${markedDescription("x", { stack: "o/p/dev", resource: "a" })} ${ownerMark(OWNER)}`;
    assert.deepEqual(parseOwnerMark(text), OWNER);
  });

  it("leaves Harbor's 1024 characters minus the mark and its space to the declared description", () => {
    assert.equal(descriptionRoom(undefined), 1024);
    assert.equal(descriptionRoom(OWNER), 1024 - ownerMark(OWNER).length - 1);
    const fits = "d".repeat(descriptionRoom(OWNER));
    assert.equal([...markedDescription(fits, OWNER)].length, 1024);
  });

  it("names the owner as an input in four parts; the resource name may hold slashes", () => {
    assert.equal(ownerInput(OWNER), "acme/platform/prod/ci");
    assert.deepEqual(ownerFromInput("acme/platform/prod/a/b"), {
      stack: "acme/platform/prod",
      resource: "a/b",
    });
    assert.deepEqual(ownerFromInput("/platform/prod/ci"), { stack: "/platform/prod", resource: "ci" });
    for (const bad of ["platform/prod/ci", "acme//prod/ci", "acme/platform/prod/", 42, undefined])
      assert.equal(ownerFromInput(bad), undefined, String(bad));
  });
});

describe("check: the description beside the owner mark", () => {
  const failures = (inputs: Record<string, unknown>) =>
    checkRobotAccount(proc.ctx, {}, { name: "ci", permissions: pull, ...inputs } as CheckedRobotInputs)
      .failures;

  it("counts characters as Harbor does (code points): 1024 emoji fit, 1025 do not", () => {
    assert.deepEqual(failures({ description: "😀".repeat(1024) }), []);
    assert.match(failures({ description: "😀".repeat(1025) })[0]?.reason ?? "", /at most 1024 characters/);
  });

  it("leaves room for the mark of this resource's owner, and says how much and why", () => {
    const owner = "acme/platform/prod/ci";
    const room = descriptionRoom(OWNER);
    assert.deepEqual(failures({ owner, description: "é".repeat(room) }), []);
    const [f] = failures({ owner, description: "é".repeat(room + 1) });
    assert.equal(f?.property, "description");
    assert.match(f!.reason, new RegExp(`^must be at most ${room} characters for this robot`));
    assert.match(f!.reason, /Harbor keeps 1024 characters of description/);
    assert.ok(f!.reason.includes(ownerMark(OWNER)), f!.reason);
  });

  it("refuses at preview a resource name so long that the mark alone does not fit, description or not", () => {
    // Harbor fails such a create with 500 (a varchar(1024)); the preview says why and by how much.
    const resource = "r".repeat(1000);
    const owner = `acme/platform/prod/${resource}`;
    const mark = ownerMark({ stack: "acme/platform/prod", resource }).length;
    for (const description of [undefined, "", "CI"]) {
      const found = failures({ owner, ...(description !== undefined ? { description } : {}) });
      assert.equal(found.length, 1, `description ${JSON.stringify(description)}: ${JSON.stringify(found)}`);
      assert.equal(found[0]!.property, "description");
      assert.match(
        found[0]!.reason,
        new RegExp(
          `the owner mark alone.* takes ${mark} characters, more than the 1024 Harbor keeps: shorten the resource name by at least ${mark - 1024} characters`,
        ),
      );
      assert.doesNotMatch(found[0]!.reason, /at most -/, "no negative room");
    }
    const fits = "r".repeat(1000 - (mark - 1024));
    assert.deepEqual(
      failures({ owner: `acme/platform/prod/${fits}` }),
      [],
      "the mark alone may fill Harbor's 1024",
    );
  });

  it("rejects an owner input of another shape, naming the field", () => {
    const [f] = failures({ owner: "prod/ci" });
    assert.equal(f?.property, "owner");
    assert.match(f!.reason, /<organization>\/<project>\/<stack>\/<resource name>/);
  });

  it("auto-names from the owner as earlier releases did from autoNameBase and autoNameScope", () => {
    const fromOwner = checkRobotAccount(
      proc.ctx,
      {},
      { owner: "acme/platform/prod/ciBuilder", permissions: pull },
    );
    const fromParts = checkRobotAccount(
      proc.ctx,
      {},
      { autoNameBase: "ciBuilder", autoNameScope: "acme/platform/prod", permissions: pull },
    );
    assert.equal(fromOwner.inputs.name, fromParts.inputs.name);
    assert.equal(fromOwner.inputs.name, autoName("ciBuilder", "acme/platform/prod"));
  });
});

describe("native provider: the owner from the URN (issue 17 case 11)", () => {
  const urn = "urn:pulumi:prod::platform::harbor-robots:index:RobotAccount::ci";

  it("takes project, stack and name from the URN, and the organization from the program when given", () => {
    assert.deepEqual(ownerFor(urn, undefined), { owner: "/platform/prod/ci" });
    assert.deepEqual(ownerFor(urn, "acme/platform/prod/ci"), { owner: "acme/platform/prod/ci" });
    const parented = "urn:pulumi:prod::platform::my:Component$harbor-robots:index:RobotAccount::ci";
    assert.deepEqual(ownerFor(parented, "acme/platform/prod/ci"), { owner: "acme/platform/prod/ci" });
  });

  it("refuses an owner naming another project, stack or resource", () => {
    for (const wrong of ["acme/platform/dev/ci", "acme/other/prod/ci", "acme/platform/prod/cd", "ci"]) {
      const { owner, failure } = ownerFor(urn, wrong);
      assert.equal(owner, undefined);
      assert.match(failure ?? "", /must be "<organization>\/platform\/prod\/ci"/, wrong);
    }
  });

  it("check fills the owner in, and fails on a wrong one naming the field", async () => {
    const check = (news: Record<string, unknown>) => nativeProvider("0.0.0", proc.ctx).check!(urn, {}, news);
    const given = await check({ owner: "acme/platform/prod/ci", permissions: pull });
    assert.equal(given.inputs.owner, "acme/platform/prod/ci");
    assert.equal(given.inputs.name, autoName("ci", "acme/platform/prod"));
    const fromUrn = await check({ permissions: pull });
    assert.equal(fromUrn.inputs.owner, "/platform/prod/ci");
    const wrong = await check({ owner: "acme/platform/dev/ci", permissions: pull });
    assert.deepEqual(
      wrong.failures?.map((f) => f.property),
      ["owner"],
    );
  });

  it("auto-names include the organization: two organizations' same-named stacks get different robots", () => {
    const nameIn = (org: string) =>
      checkRobotAccount(proc.ctx, {}, { ...ownerFor(urn, `${org}/platform/prod/ci`), permissions: pull })
        .inputs.name;
    assert.notEqual(nameIn("acme"), nameIn("globex"));
    assert.equal(nameIn("acme"), autoName("ci", "acme/platform/prod"));
  });
});
