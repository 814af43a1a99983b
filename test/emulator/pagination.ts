/** GitHub's page-size rules for list endpoints: 30 by default, at most 100. */
const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

export interface Page<T> {
  items: T[];
  /** The `Link` header value, or undefined when everything fits on one page (GitHub omits it then). */
  link: string | undefined;
}

/**
 * Slices `items` (already in response order) for `?per_page=&page=` and builds the `Link`
 * header Octokit's paginate follows (it reads rel="next"). `requestUrl` is the absolute URL
 * of the request, so every other query parameter (filters) is carried into the links.
 */
export function paginate<T>(items: readonly T[], requestUrl: URL): Page<T> {
  const perPage = clamp(positiveInteger(requestUrl.searchParams.get('per_page')) ?? DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
  const page = positiveInteger(requestUrl.searchParams.get('page')) ?? 1;
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const pageItems = items.slice((page - 1) * perPage, page * perPage);
  if (lastPage === 1) return { items: pageItems, link: undefined };

  const relations: [string, number][] = [];
  if (page > 1) relations.push(['prev', Math.min(page - 1, lastPage)]);
  if (page < lastPage) relations.push(['next', page + 1], ['last', lastPage]);
  if (page > 1) relations.push(['first', 1]);
  const link = relations.map(([rel, target]) => `<${pageUrl(requestUrl, target, perPage)}>; rel="${rel}"`).join(', ');
  return { items: pageItems, link };
}

function pageUrl(requestUrl: URL, page: number, perPage: number): string {
  const url = new URL(requestUrl);
  // Always last and in this order, so links read the same whatever the request's order was.
  url.searchParams.delete('per_page');
  url.searchParams.delete('page');
  url.searchParams.append('per_page', String(perPage));
  url.searchParams.append('page', String(page));
  return url.toString();
}

function positiveInteger(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const parsed = Number(value);
  return parsed >= 1 ? parsed : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Response headers for a page: the Link header when there is more than one page. */
export function pageHeaders(page: Page<unknown>): Record<string, string> {
  return page.link === undefined ? {} : { link: page.link };
}
