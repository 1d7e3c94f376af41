// The /web play page: served by default, off with the option, and / points to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ECHO_MANIFEST, startServer, type RunningServer } from './helpers/start-server.js';

describe('web page', () => {
  let on: RunningServer;
  let off: RunningServer;
  beforeAll(async () => {
    on = await startServer({ manifestPath: ECHO_MANIFEST });
    off = await startServer({ manifestPath: ECHO_MANIFEST, webInterface: false });
  });
  afterAll(async () => {
    await on.close();
    await off.close();
  });

  it('serves an HTML page at /web that loads tasks from /tasks and plays through /reset and /step', async () => {
    const res = await fetch(`${on.url}/web`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<title>echo-fixture</title>');
    for (const path of ["api('/tasks')", "api('/reset'", "api('/step'"]) expect(html).toContain(path);
  });

  it('redirects / to /web', async () => {
    const res = await fetch(`${on.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/web');
  });

  it('with the page off, /web is 404 and / lists the routes as JSON', async () => {
    expect((await call(`${off.url}/web`)).status).toBe(404);
    const root = await call(`${off.url}/`);
    expect(root.status).toBe(200);
    expect(root.body.routes).toEqual(expect.arrayContaining(['/reset', '/step', '/state', '/tasks']));
  });
});
