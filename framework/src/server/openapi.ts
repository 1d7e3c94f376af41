// Builds /openapi.json from the same zod schemas that validate requests, plus every task's action schema.
import { z } from 'zod';
import type { Environment } from '../runtime/environment.js';
import type { TaskCatalog, JsonSchema } from './task-catalog.js';
import { toJsonSchema } from './task-catalog.js';
import {
  errorSchema,
  graderRequestSchema,
  graderResponseSchema,
  healthSchema,
  mcpRequestSchema,
  mcpResponseSchema,
  metadataSchema,
  observationSchemaFor,
  resetRequestSchema,
  SESSION_HEADER,
  stateSchema,
  validationErrorSchema,
} from '../contract/wire-schemas.js';


const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description = 'OK') => ({ description, content: { 'application/json': { schema } } });

export function buildOpenApi(env: Environment, catalog: TaskCatalog, webInterface = true): Record<string, unknown> {
  const tasks = env.registry.list();
  const actionSchemas: JsonSchema[] = tasks.map((t) => ({ ...catalog.schemasOf(t).action, title: `${t.metadata.id} action` }));
  const action: JsonSchema = actionSchemas.length === 1 ? actionSchemas[0]! : { oneOf: actionSchemas };
  const stepRequest = toJsonSchema(z.looseObject({ timeout_s: z.number().positive().optional(), request_id: z.string().max(255).optional() }), 'input');
  (stepRequest.properties as Record<string, unknown>).action = ref('Action');
  stepRequest.required = ['action'];

  const components: Record<string, unknown> = {
    ResetRequest: toJsonSchema(resetRequestSchema, 'input'),
    StepRequest: stepRequest,
    Action: action,
    Observation: toJsonSchema(observationSchemaFor(), 'output'),
    StepResponse: { type: 'object', required: ['observation', 'reward', 'done'], properties: { observation: ref('Observation'), reward: { type: ['number', 'null'] }, done: { type: 'boolean' } } },
    State: toJsonSchema(stateSchema, 'output'),
    Health: toJsonSchema(healthSchema, 'output'),
    Metadata: toJsonSchema(metadataSchema, 'output'),
    SchemaResponse: { type: 'object', required: ['action', 'observation', 'state'], properties: { action: { type: 'object' }, observation: { type: 'object' }, state: { type: 'object' } } },
    GraderRequest: toJsonSchema(graderRequestSchema, 'input'),
    GraderResponse: toJsonSchema(graderResponseSchema, 'output'),
    McpRequest: toJsonSchema(mcpRequestSchema, 'input'),
    McpResponse: toJsonSchema(mcpResponseSchema, 'output'),
    ValidationError: toJsonSchema(validationErrorSchema, 'output'),
    Error: toJsonSchema(errorSchema, 'output'),
  };
  const sessionHeader = {
    name: SESSION_HEADER,
    in: 'header',
    required: false,
    description: 'Session id: absent = the shared default session; any id = that session (reset creates it); "new" on reset = a fresh server-chosen id. Echoed in the response header.',
    schema: { type: 'string' },
  };
  const errors = { '404': json(ref('Error'), 'Unknown session'), '409': json(ref('Error'), 'Episode not started or already done'), '422': json(ref('ValidationError'), 'Invalid request'), '500': json(ref('Error'), 'A plugin failed') };
  const taskQuery = { name: 'task', in: 'query', required: false, schema: { type: 'string', enum: env.registry.ids() } };

  return {
    openapi: '3.1.0',
    info: { title: env.loaded.manifest.name, description: env.loaded.manifest.description, version: '1.0.0', 'x-environment-version': env.loaded.manifest.version },
    paths: {
      '/reset': { post: { summary: 'Start an episode (task chosen by the task kwarg, else the default)', parameters: [sessionHeader], requestBody: { required: false, content: { 'application/json': { schema: ref('ResetRequest') } } }, responses: { '200': json(ref('StepResponse')), ...errors } } },
      '/step': { post: { summary: 'Take one action in the current episode', parameters: [sessionHeader], requestBody: { required: true, content: { 'application/json': { schema: ref('StepRequest') } } }, responses: { '200': json(ref('StepResponse')), ...errors } } },
      '/state': { get: { summary: 'Current episode state', parameters: [sessionHeader], responses: { '200': json(ref('State')), '404': errors['404'] } } },
      '/health': { get: { summary: 'Liveness', responses: { '200': json(ref('Health')) } } },
      '/metadata': { get: { summary: 'Environment metadata', responses: { '200': json(ref('Metadata')) } } },
      '/schema': { get: { summary: 'Action, observation and state JSON Schemas of a task', parameters: [taskQuery], responses: { '200': json(ref('SchemaResponse')), '422': errors['422'] } } },
      '/tasks': { get: { summary: 'Every task with its schemas and grader', responses: { '200': json({ type: 'object' }) } } },
      '/grader': { post: { summary: 'Grade an episode: by session, by episode id, or by replaying task + seed + actions', parameters: [sessionHeader], requestBody: { required: false, content: { 'application/json': { schema: ref('GraderRequest') } } }, responses: { '200': json(ref('GraderResponse')), ...errors } } },
      '/mcp': { post: { summary: 'MCP JSON-RPC 2.0 (always HTTP 200)', requestBody: { required: true, content: { 'application/json': { schema: ref('McpRequest') } } }, responses: { '200': json(ref('McpResponse')) } } },
      '/ws': { get: { summary: 'WebSocket session (OpenEnv message protocol); one session per connection', responses: { '101': { description: 'Switching protocols' } } } },
      '/trajectory': { get: { summary: "The session's own finished recorded episode (reset with record: true or OPENENV_RECORD=1); ?episode_id= picks one", parameters: [sessionHeader], responses: { '200': json({ type: 'object' }), '404': errors['404'] } } },
      '/trajectories': { get: { summary: 'Every finished recording in memory as JSON lines (needs OPENENV_ORCHESTRATOR_TOKEN)', responses: { '200': { description: 'application/x-ndjson' } } } },
      '/render': { get: { summary: "The task's picture of the current state (its optional render hook), or content null", parameters: [sessionHeader], responses: { '200': json({ type: 'object' }) } } },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': json({ type: 'object' }) } } },
      ...(webInterface ? { '/web': { get: { summary: 'A page to play any task in a browser (unless ENABLE_WEB_INTERFACE=false)', responses: { '200': { description: 'HTML' } } } } } : {}),
    },
    components: { schemas: components },
  };
}
