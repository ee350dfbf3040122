// The inventory's types, as both TypeScript entries (the dynamic and the native one) export them.
export type {
  InventoryArgs,
  InventoryResult,
  InventoryRobot,
  OwnerClass,
  RobotOwner,
} from "../provider/model/inventory";
