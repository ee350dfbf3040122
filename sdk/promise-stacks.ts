// @pulumi/pulumi wraps four promises per registered property (value, known, secret, dependencies)
// and stamps each with `new Error().stack`, kept only to print if the promise leaks at exit. A
// robot registers about twenty properties (every output must be declared to exist), so those
// stamps were most of the program's CPU per robot: 3.7 ms of a preview's, against the no-op
// floor's five properties (test/bench). Pulumi records the resource's own source position and
// stack trace with a limit of its own, so they are unaffected.
//
// The price: while the constructor registers, errors created synchronously carry no frames. That
// is the stamps above, the error Pulumi prepares in case the registration RPC fails (its message
// still names the resource: "failed to register new resource <name> [<type>]: ..."), and errors
// made by a stack transformation Pulumi runs inside the constructor.

/** Turns stack capture off until the returned function is called (call it in a `finally`). */
export function withoutPromiseStacks(): () => void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
