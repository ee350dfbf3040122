// Every response any emulator instance in this process has sent, for the conformance test that
// validates them against the official swagger definitions. Module level on purpose: tests start many
// emulators and the conformance check wants all their output. Bounded so long runs stay small.

export interface RecordedResponse {
  method: string;
  /** Swagger path of the operation ("/robots/{robot_id}"); undefined when no route matched. */
  swaggerPath: string | undefined;
  status: number;
  /** Parsed JSON body as sent; undefined for an empty body. */
  body: unknown;
  headers: Record<string, string>;
}

export const MAX_RECORDED = 5000;

export const recordedResponses: RecordedResponse[] = [];

export function recordResponse(r: RecordedResponse): void {
  recordedResponses.push(r);
  if (recordedResponses.length > MAX_RECORDED)
    recordedResponses.splice(0, recordedResponses.length - MAX_RECORDED);
}
