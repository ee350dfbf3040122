// pulumi-harbor-robots: Harbor robot accounts and robot settings as Pulumi resources.
export { RobotAccount } from "./robot-account";
export type { RobotAccountArgs, RobotAccountPermissionArgs, RobotSettingsArgs, ConnectionArgs } from "./args";
export type { RobotAccountOutputs, RobotSettingsOutputs } from "./outputs";
export { ROBOT_SECRET_OUTPUTS } from "../provider/model/outputs";
export { RobotSettings } from "./robot-settings";
export { FRIENDLY_PERMISSIONS } from "../provider/model/friendly-permissions";
export { getRobotInventory, getRobotInventoryOutput } from "./inventory";
export type { GetRobotInventoryArgs } from "./inventory";
export type * from "./inventory-types";
