// JSON Schema draft 2020-12 validation for tests, as OpenEnv's validator runs it (jsonschema's Draft202012Validator).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ajvModule from 'ajv/dist/2020.js';
import { ROOT } from './start-server.js';

const Ajv2020 = ajvModule.default;

/** OpenEnv's published schemas, kept verbatim in test/fixtures/openenv-schemas (see its README). */
export function openenvSchema(name: 'manifest-v2' | 'runtime-plan' | 'report-v2'): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'openenv-schemas', `${name}.schema.json`), 'utf8'));
}

/**
 * The problems `value` has against `schema`, as "path: message" lines (empty when it is valid). Not strict:
 * the schemas come from elsewhere (pydantic, zod) and may carry annotations Ajv's strict mode rejects.
 */
export function schemaProblems(schema: Record<string, unknown>, value: unknown): string[] {
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
