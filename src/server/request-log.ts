import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * The path of a request URL without its query: the log never carries a query string (a
 * client may put anything there) nor any header, so no token reaches it.
 */
export function logPath(url: string): string {
  const end = url.indexOf('?');
  return (end < 0 ? url : url.slice(0, end)).slice(0, 300);
}

function fields(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  return {
    method: request.method,
    path: logPath(request.url),
    status: reply.statusCode,
    ms: Math.round(reply.elapsedTime * 10) / 10,
  };
}

/**
 * fastify's request log, one line per answered request:
 * `{"reqId","method","path","status","ms","msg":"request"}`, at info (error with the error
 * when the answer failed). fastify's own lines (two per request, with the query string) are
 * replaced; so are the error lines that would carry the request's URL.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) reply.log.error({ ...fields(request, reply), err: error }, 'request');
    else request.log.info(fields(request, reply), 'request');
  }

  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    reply.log.error({ ...fields(request, reply), err: error }, 'request failed');
  }

  override writeHeadError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    reply.log.warn({ ...fields(request, reply), err: error }, 'cannot write the answer');
  }
}
