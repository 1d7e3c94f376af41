// Helpers for writing action schemas: strict objects tagged by `type`, so unknown keys are refused by name.
import { z } from 'zod';

/**
 * One kind of action: `{ type: <name>, ...fields }`, rejecting unknown keys. Combine several with
 * `z.discriminatedUnion('type', [...])`. The description becomes the MCP tool description.
 */
export function actionVariant<Name extends string, Shape extends z.ZodRawShape>(
  name: Name,
  description: string,
  shape: Shape,
) {
  return z
    .strictObject({ type: z.literal(name).describe(`Action kind: "${name}"`), ...shape })
    .describe(description);
}
