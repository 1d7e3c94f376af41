// Routes of recorded trajectories and the render hook: GET /trajectory (the caller's own finished episode), GET /trajectories (orchestrator), GET /render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EpisodeService } from '../runtime/episode-service.js';
import { OpenEnvError } from '../contract/errors.js';
import type { Session } from '../runtime/session-store.js';
import type { TrajectoryRecorder } from '../trajectories/recorder.js';
import type { AccessControl } from './access-control.js';
import { SESSION_HEADER } from '../contract/wire-schemas.js';

export interface RecordingRouteDeps {
  readonly service: EpisodeService;
  readonly recorder: TrajectoryRecorder;
  readonly access: AccessControl;
}

/** The session a request names (no header: the shared default one); never creates one. */
function sessionOf(request: FastifyRequest, service: EpisodeService): Session {
  const header = request.headers[SESSION_HEADER];
  const id = Array.isArray(header) ? header[0] : header;
  if (id === undefined || id === '' || id === 'default') return service.sessions.anonymousSession(false);
  return service.sessions.namedSession(id, false);
}

/** Whether a rendering is an SVG image (shown as an image) rather than an HTML document. */
function isSvg(text: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(text);
}

export function registerRecordingRoutes(app: FastifyInstance, deps: RecordingRouteDeps, routes: Map<string, Set<string>>): void {
  const { service, recorder, access } = deps;
  const route = (path: string, handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => {
    app.route({ method: 'GET', url: path, handler });
    routes.set(path, new Set(['GET']));
  };

  // A caller's own finished episode only: the record reveals the scenario's address, which a running
  // episode must not, and another session's episode is none of its business.
  route('/trajectory', async (request, reply) => {
    access.require(request.raw, 'GET /trajectory');
    const session = sessionOf(request, service);
    const query = request.query as Record<string, unknown>;
    const episodeId = typeof query.episode_id === 'string' && query.episode_id !== '' ? query.episode_id : undefined;
    const record = recorder.finishedOf(session, episodeId);
    if (!record) {
      const which = episodeId === undefined ? 'no finished recorded episode' : `no finished recorded episode with id "${episodeId}"`;
      throw new OpenEnvError('TRAJECTORY_NOT_FOUND', `Session "${session.id}" has ${which}`, { session_id: session.id });
    }
    return reply.header(SESSION_HEADER, session.id).send(record);
  });

  // Every session's recordings are the orchestrator's alone, so this needs a configured token even though
  // an open server lets everyone orchestrate its own episodes.
  route('/trajectories', async (request, reply) => {
    if (!access.authenticated(request.raw)) {
      throw new OpenEnvError('ORCHESTRATOR_ONLY', 'GET /trajectories lists every session\'s recordings: it needs OPENENV_ORCHESTRATOR_TOKEN on the server and that token on the request (a session reads its own finished episode at GET /trajectory)');
    }
    const lines = recorder.all().map((r) => JSON.stringify(r)).join('\n');
    return reply.type('application/x-ndjson; charset=utf-8').send(lines === '' ? '' : `${lines}\n`);
  });

  route('/render', async (request, reply) => {
    access.require(request.raw, 'GET /render');
    const session = sessionOf(request, service);
    const episode = session.episode;
    if (!episode) throw new OpenEnvError('EPISODE_NOT_STARTED', `No episode in session "${session.id}": call reset first`);
    const content = episode.render();
    return reply.header(SESSION_HEADER, session.id).send({
      task_id: episode.task.metadata.id,
      content,
      content_type: content === null ? null : isSvg(content) ? 'image/svg+xml' : 'text/html',
    });
  });
}
