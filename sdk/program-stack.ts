// The running program's stack as "<organization>/<project>/<stack>", the form owner marks name.
import * as pulumi from "@pulumi/pulumi";

/** `<organization>/<project>/<stack>` of the running program (organization empty under mocks without one). */
export function programStack(): string {
  let organization = "";
  try {
    organization = pulumi.getOrganization();
  } catch {
    // pulumi.runtime.setMocks without an organization
  }
  return `${organization}/${pulumi.getProject()}/${pulumi.getStack()}`;
}
