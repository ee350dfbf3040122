// The ten permissions of Harbor's classic robot dialog, by the names users know them by.
export const FRIENDLY_PERMISSIONS = {
  push: "repository:push",
  pull: "repository:pull",
  "delete artifact": "artifact:delete",
  "read helm chart": "helm-chart:read",
  "create helm chart version": "helm-chart-version:create",
  "delete helm chart version": "helm-chart-version:delete",
  "create tag": "tag:create",
  "delete tag": "tag:delete",
  "create artifact label": "artifact-label:create",
  "create scan": "scan:create",
} as const satisfies Record<string, string>;

export type FriendlyPermission = keyof typeof FRIENDLY_PERMISSIONS;

/** "Delete Artifact", "delete-artifact" and "delete_artifact" all mean "delete artifact". */
export function friendlyKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
}

export function lookupFriendly(text: string): string | undefined {
  return (FRIENDLY_PERMISSIONS as Record<string, string>)[friendlyKey(text)];
}
