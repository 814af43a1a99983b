/** Documentation link GitHub puts in its error bodies; Octokit copies it into RequestError. */
const DOCS = 'https://docs.github.com/rest';

/** A GitHub-style error answer: thrown by a handler, turned into a JSON response by the server. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): Record<string, unknown> {
    return { message: this.message, ...this.extra, documentation_url: DOCS, status: String(this.status) };
  }
}

export function notFound(): HttpError {
  return new HttpError(404, 'Not Found');
}

/** GitHub's answer when a body field fails its JSON-schema check (type, enum, missing). */
export function invalidRequest(reason: string): HttpError {
  return new HttpError(422, `Invalid request.\n\n${reason}`);
}

/** GitHub's answer when a well-typed body breaks a model rule (length, unknown sha). */
export function validationFailed(resource: string, field: string, code: string, message?: string): HttpError {
  const error = { resource, field, code, ...(message === undefined ? {} : { message }) };
  return new HttpError(422, 'Validation Failed', { errors: [error] });
}
