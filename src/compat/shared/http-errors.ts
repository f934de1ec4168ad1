import type { FastifyInstance, FastifyReply } from 'fastify';

import { ERROR_CATALOGUE, type ErrorBody, FiredrillError } from '../../contracts/index.js';

/** A compat error body: Firedrill's {code, message, field} plus FastAPI's `detail`, which the originals' clients read. */
export type CompatErrorBody = ErrorBody & { detail: string };

export function compatErrorBody(err: FiredrillError): CompatErrorBody {
  return { ...err.toBody(), detail: err.message };
}

export function sendCompatError(reply: FastifyReply, err: FiredrillError): FastifyReply {
  return reply.code(err.status).type('application/json').send(compatErrorBody(err));
}

function fromFastify(err: { statusCode?: number; code?: string; message?: string }): FiredrillError {
  switch (err.statusCode) {
    case 413:
      return new FiredrillError('PAYLOAD_TOO_LARGE');
    case 415:
      return new FiredrillError('UNSUPPORTED_MEDIA_TYPE');
    case 404:
      return new FiredrillError('NOT_FOUND');
    case 405:
      return new FiredrillError('METHOD_NOT_ALLOWED');
    default:
      if (err.statusCode === 400 && typeof err.code === 'string' && err.code.startsWith('FST_ERR_CTP')) return new FiredrillError('INVALID_JSON');
      return new FiredrillError('INTERNAL');
  }
}

/**
 * Inside a compat surface: an empty JSON body reads as "no body" (the originals' /reset takes none), invalid
 * JSON is INVALID_JSON, and every error leaves as a JSON body with a catalogue code — never a bare 500.
 */
export function installCompatErrorHandling(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(new FiredrillError('INVALID_JSON'), undefined);
    }
  });
  app.setErrorHandler((error, _request, reply) => {
    const err = error instanceof FiredrillError ? error : fromFastify(error as { statusCode?: number; code?: string });
    if (err.code === 'INTERNAL') app.log.error(error);
    return sendCompatError(reply, err);
  });
  app.setNotFoundHandler((request, reply) => sendCompatError(reply, new FiredrillError('NOT_FOUND', `${ERROR_CATALOGUE.NOT_FOUND.message} (${request.method} ${request.url.split('?')[0] ?? ''})`)));
}
