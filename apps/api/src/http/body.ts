import { RequestValidationError } from '@tunix-rt/core/errors';
import type { FastifyInstance } from 'fastify';
import { guardBody, registerQueryGuard } from './input-guard';

/**
 * API.md §0.1: a body is JSON when Content-Type is absent, application/json or any
 * application/*+json; anything else stays raw text and then fails schema validation (422).
 * Malformed JSON is a 422 `json_invalid` with the character offset, not Fastify's 400.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  // Request text is checked where it is decoded: NUL, lone surrogates and absurd nesting are a
  // 422 here instead of a database or stack-overflow 500 later (see input-guard.ts).
  registerQueryGuard(app);
  const parseJson = (body: string) => {
    if (body === '') return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      const position = /position (\d+)/.exec((error as Error).message)?.[1];
      throw new RequestValidationError([
        {
          type: 'json_invalid',
          loc: ['body', position ? Number(position) : 0],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: (error as Error).message },
        },
      ]);
    }
    return guardBody(parsed);
  };
  const jsonParser = (_req: unknown, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    try {
      done(null, parseJson(body as string));
    } catch (error) {
      done(error as Error);
    }
  };
  app.addContentTypeParser('application/json', { parseAs: 'string' }, jsonParser);
  app.addContentTypeParser(/^application\/[\w.-]*\+json/, { parseAs: 'string' }, jsonParser);
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    if (req.headers['content-type'] === undefined) {
      try {
        done(null, parseJson(body as string));
      } catch (error) {
        done(error as Error);
      }
      return;
    }
    done(null, body === '' ? undefined : body);
  });
}
