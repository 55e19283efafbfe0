import { ConsoleError } from '#shared/errors.ts';
import { resourceIdProblem, type ResourceIdKind } from '#shared/api/resource-id.ts';

/** An id checked against the strict pattern, ready to be one path segment. */
export interface PathId {
  readonly kind: ResourceIdKind;
  readonly id: string;
}

export function pathId(kind: ResourceIdKind, id: string): PathId {
  return { kind, id };
}

/**
 * The one place an id becomes part of a request path: each interpolated id is checked (a dot
 * segment, a separator, a query or fragment marker or an encoded one is refused with an
 * `invalid-input` ConsoleError before any request) and percent-encoded as a single segment.
 * Only PathIds may be interpolated, so a caller cannot slip a raw string in.
 *
 *   apiPath`/api/sites/${pathId('site', siteId)}/appliances`
 */
export function apiPath(template: TemplateStringsArray, ...ids: PathId[]): string {
  let path = template[0] ?? '';
  ids.forEach((segment, index) => {
    const problem = resourceIdProblem(segment.kind, segment.id);
    if (problem) throw new ConsoleError('invalid-input', problem, { kind: segment.kind });
    path += encodeURIComponent(segment.id) + (template[index + 1] ?? '');
  });
  return path;
}
