// The RobotAccount dynamic provider: the engine's calls mapped onto its handlers (../resource-provider.ts).
import type { ContextSource } from "../context";
import { resourceProvider } from "../resource-provider";
import { checkRobotAccount, type CheckedRobotInputs } from "./check";
import { createRobotAccount } from "./create";
import { deleteRobotAccount } from "./delete";
import { diffRobotAccount } from "./diff";
import { inputsFromState } from "./inputs-from-state";
import { readRobotAccount } from "./read";
import type { RobotAccountState } from "./state";
import { updateRobotAccount } from "./update";

export function robotAccountProvider(source: ContextSource) {
  return resourceProvider<CheckedRobotInputs, RobotAccountState>(
    {
      check: checkRobotAccount,
      diff: diffRobotAccount,
      create: createRobotAccount,
      read: readRobotAccount,
      inputsFromState,
      update: updateRobotAccount,
      delete: deleteRobotAccount,
    },
    source,
  );
}
