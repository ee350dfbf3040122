// pulumi-harbor-robots: Harbor robot accounts and robot settings as Pulumi resources.
export { RobotAccount, type RobotAccountArgs } from "./robot-account";
export { ROBOT_SECRET_OUTPUTS } from "../provider/model/outputs";
export { RobotSettings, type RobotSettingsArgs } from "./robot-settings";
export { FRIENDLY_PERMISSIONS } from "../provider/model/friendly-permissions";
