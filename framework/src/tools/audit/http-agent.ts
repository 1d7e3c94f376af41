// A minimal JSON-over-HTTP caller for the audit panel: it reaches the server exactly as an agent or trainer would.

export interface HttpReply {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

/** Calls one server; every request is plain fetch with JSON in and out. */
export class HttpAgent {
  constructor(readonly baseUrl: string) {}

  async call(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpReply> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // a non-JSON reply is kept as text; the caller decides whether that is a finding
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }
}
