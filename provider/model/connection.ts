// The optional per-resource connection (one program can manage several registries). Each field left
// out falls back to stack config (harbor:url …) and then the environment (HARBOR_URL …).
import { z } from "zod";

export const connectionInput = z
  .object({
    url: z
      .string()
      .min(1)
      .optional()
      .describe("Harbor URL: https://host, https://host/ or https://host/api/v2.0"),
    username: z
      .string()
      .min(1)
      .optional()
      .describe("A Harbor system administrator (robots cannot update robots)"),
    password: z.string().min(1).optional().describe("The user's password (kept as a Pulumi secret)"),
    insecure: z
      .boolean()
      .optional()
      .describe("Skip TLS certificate verification (self-signed test registries only)"),
    caCert: z.string().optional().describe("PEM text of a CA bundle to trust, or a path to one"),
    harborVersion: z
      .string()
      .regex(/^v?\d+\.\d+(\.\d+)?$/, 'must look like "2.15" or "v2.15.2"')
      .optional()
      .describe("The Harbor release to validate against at preview (default 2.15)"),
  })
  .strict();

export type ConnectionInput = z.infer<typeof connectionInput>;
