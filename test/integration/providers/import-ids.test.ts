// `pulumi import` ids are echoed in the messages that refuse them, so the user sees what was wrong;
// an id that is a URL with credentials in it must not bring them into that message.
import assert from "node:assert/strict";
import { importRobotAccount, importRobotSettings } from "../../../provider/native/import";
import { useProviderEmulator } from "../../helpers/provider-emulator";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();

describe("native import ids", () => {
  useProviderEmulator(() => {}, proc, { quickRetries: false });

  it("RobotSettings: another registry is refused, naming the id without its credentials", async () => {
    await assert.rejects(
      importRobotSettings(proc.ctx, "https://admin:Hunter22@other.example.com"),
      (e: Error) => {
        assert.match(e.message, /import id "https:\/\/\*\*\*@other\.example\.com" names another registry/);
        assert.ok(!e.message.includes("Hunter22"), e.message);
        return true;
      },
    );
  });

  it("RobotAccount: a non-numeric id is refused without echoing credentials; an absent id says so", async () => {
    await assert.rejects(importRobotAccount(proc.ctx, "https://admin:Hunter22@h/7"), (e: Error) => {
      assert.match(e.message, /imported by Harbor's numeric robot id/);
      assert.ok(!e.message.includes("Hunter22"), e.message);
      return true;
    });
    await assert.rejects(
      importRobotAccount(proc.ctx, "999"),
      /there is no robot with id 999 on .*; nothing was imported/,
    );
  });
});
