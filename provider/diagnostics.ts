// Messages for the person running `pulumi`. The engine shows a dynamic provider's stderr in its
// output, tied to the operation. Never pass a secret or a credential here.
export function warn(message: string): void {
  console.warn(`warning: ${message}`);
}
