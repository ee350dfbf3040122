// Setting values that a RobotSettings create of this provider process found already in force and
// declares, by registry. A delete in the same process does not put its `previous` back over them.
//
// Why: a replacement created first (`pulumi up --replace`, `replaceOnChanges`: the engine does not ask
// the provider for delete-first there) makes the new instance before the old one is deleted. The new
// one finds its declared values in force (the old one wrote them) and records nothing to restore; the
// old one's delete then finds the values it wrote and would restore Harbor's earlier ones over the new
// instance's (a prefix: every robot renamed behind a state that still names the old prefix). Nothing in
// Harbor tells the two instances apart; the engine runs both steps in one provider process. A run
// killed between the two steps is not covered (the next run deletes in a new process).
import { registryKey } from "../client/connection";
import type { SettingName } from "../model/robot-settings";

const key = (registryUrl: string, name: SettingName, value: unknown) =>
  JSON.stringify([registryKey(registryUrl) ?? registryUrl, name, value]);

/** The declared values a provider process's creates found in force; its context owns one. */
export class DeclaredInForce {
  private readonly declared = new Set<string>();

  /** A create of this process declares `value` for `name` on `registryUrl` and found it in force. */
  record(registryUrl: string, name: SettingName, value: unknown): void {
    this.declared.add(key(registryUrl, name, value));
  }

  /** Whether a create of this process declares `value`, found in force, for `name` on `registryUrl`. */
  has(registryUrl: string, name: SettingName, value: unknown): boolean {
    return this.declared.has(key(registryUrl, name, value));
  }
}
