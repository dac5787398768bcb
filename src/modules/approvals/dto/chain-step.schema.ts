import { type OpenAPIObject, getSchemaPath } from '@nestjs/swagger';
import { StepSchema } from '@puentes/workflow-engine';

/*
 * The OpenAPI description of a chain step is the workflow engine's `StepSchema` itself (the one
 * declaration of a chain, libs/workflow-engine/src/chain-schema.ts), published as the
 * component `ChainStep`: so a client generated from /docs-json types every field, and the
 * document cannot drift from what `validateChain` accepts.
 */

/** The component name of a chain step in the OpenAPI document. */
export const CHAIN_STEP = 'ChainStep';

/** `@ApiProperty` options for a list of chain steps. */
export const CHAIN_STEPS_PROPERTY = {
  type: 'array',
  items: { $ref: getSchemaPath(CHAIN_STEP) },
} as const;

/**
 * JSON Schema as OpenAPI 3.0 reads it: TypeBox writes a literal as `const` (JSON Schema 2019),
 * which 3.0 spells as a one-value `enum`; the `x-` keywords the validator reads are internal.
 */
export function toOpenApiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toOpenApiSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const result: Record<string, unknown> = {};
  // Object.entries leaves out TypeBox's symbol-keyed bookkeeping.
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-')) continue;
    if (key === 'const') result.enum = [value];
    else result[key] = toOpenApiSchema(value);
  }
  return result;
}

/** Adds the `ChainStep` component to a document made by `SwaggerModule.createDocument`. */
export function documentChainSchemas(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[CHAIN_STEP] = toOpenApiSchema(StepSchema) as object;
  return document;
}
