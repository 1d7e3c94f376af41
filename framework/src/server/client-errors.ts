// Errors Node's HTTP parser and fastify's router raise before any route runs, answered in our error shape.
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OpenEnvError } from '../contract/errors.js';
import { httpErrorReply } from './error-replies.js';

/** The framework error for a connection-level failure Node reports as `clientError`. */
function clientFailure(err: NodeJS.ErrnoException): OpenEnvError {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new OpenEnvError('REQUEST_TIMEOUT', 'The request (headers and body) did not arrive within the server\'s request timeout');
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return new OpenEnvError('HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts');
  }
  return new OpenEnvError('BAD_REQUEST', `The HTTP request could not be parsed (${err.code ?? 'parse error'})`, { parser_code: err.code ?? null });
}

/**
 * Node's `clientError` handler: answers malformed HTTP (bad request line, oversized headers, a request that
 * timed out) with our JSON error and closes the connection, instead of fastify's reply without a `code`.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { status, body } = httpErrorReply(clientFailure(err));
    const text = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${status} ${statusText(status)}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy();
}

function statusText(status: number): string {
  return ({ 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' } as Record<number, string>)[status] ?? 'Error';
}

/** fastify's own pre-route errors (a URL that does not decode, a too-long path parameter) as BAD_REQUEST. */
export function answerFrameworkError(err: Error & { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = httpErrorReply(new OpenEnvError('BAD_REQUEST', err.message, { fastify_code: err.code ?? null }));
  void reply.status(status).send(body);
}
