// The warning for credentials that would travel in clear text: an http:// URL to anything but this
// machine's loopback. One wording for the provider (its resources), the inventory command and the
// SDK's getRobotInventory, which all send the password of the configured user.
import { sendsCleartext } from "./client/connection";

/**
 * The warning for sending `what` (e.g. "the password of 'admin' travels") to `url`, or undefined when
 * nothing travels in clear text (https://, or a loopback address).
 */
export function cleartextWarning(url: string, what: string): string | undefined {
  if (!sendsCleartext(url)) return undefined;
  return (
    `${url} is an http:// URL: ${what} in clear text to it. Use https:// (only loopback addresses such as ` +
    "http://127.0.0.1 are exempt from this warning)."
  );
}
