import { ApiError } from '../http/responses.js';

export interface Page {
  page: number;
  pageSize: number;
  limit: number;
  offset: number;
}

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

function invalidPagination(): ApiError {
  return new ApiError(400, 'guard.invalid_pagination', 'The request pagination value is invalid.');
}

function readPositiveInteger(raw: string | null, fallback: number): number {
  if (raw === null) {
    return fallback;
  }
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < 1) {
    throw invalidPagination();
  }
  return value;
}

/**
 * Logto's `page` (1-based) and `page_size`. Some lists are always paginated;
 * "optional" ones return everything, without headers, unless a page is asked for.
 */
export function readPage(url: URL, mode: 'always'): Page;
export function readPage(url: URL, mode: 'optional'): Page | undefined;
export function readPage(url: URL, mode: 'always' | 'optional'): Page | undefined {
  const rawPage = url.searchParams.get('page');
  const rawPageSize = url.searchParams.get('page_size');
  if (mode === 'optional' && rawPage === null && rawPageSize === null) {
    return undefined;
  }
  const page = readPositiveInteger(rawPage, 1);
  const pageSize = readPositiveInteger(rawPageSize, DEFAULT_PAGE_SIZE);
  if (pageSize > MAX_PAGE_SIZE) {
    throw invalidPagination();
  }
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

/**
 * `Total-Number` and RFC 8288 `Link` headers as Logto sends them, including its
 * quirk of leaving the `/api` prefix out of the links.
 */
export function pageHeaders(url: URL, page: Page, total: number): Record<string, string> {
  const lastPage = Math.max(1, Math.ceil(total / page.pageSize));
  const link = (target: number, rel: string) => {
    const params = new URLSearchParams(url.search);
    params.set('page', String(target));
    const path = url.pathname.replace(/^\/api(?=\/)/, '');
    return `<${url.origin}${path}?${params.toString()}>; rel="${rel}"`;
  };
  const links = [link(1, 'first'), link(lastPage, 'last')];
  if (page.page > 1) {
    links.push(link(page.page - 1, 'prev'));
  }
  if (page.page < lastPage) {
    links.push(link(page.page + 1, 'next'));
  }
  return { 'Total-Number': String(total), Link: links.join(', ') };
}
