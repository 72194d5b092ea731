import { HubError } from "./errors.ts";
import { type CrawlQuery, LISTING_EXPAND, type RawListedModel } from "./types.ts";

/** Models per listing page. The Hub caps `limit` at 1000; @huggingface/hub uses 500. */
export const PAGE_SIZE = 500;

export interface ListingPage {
  url: string;
  items: RawListedModel[];
  /** Link rel="next", or null on the last page. */
  next: string | null;
}

/** The first page's URL for a query: the listing filters plus the expand[] fields Strata needs. */
export function firstPageUrl(query: CrawlQuery, pageSize = PAGE_SIZE): string {
  const p = new URLSearchParams();
  p.set("limit", String(query.limit !== null ? Math.min(query.limit, pageSize) : pageSize));
  if (query.filter) p.append("filter", query.filter);
  if (query.author) p.set("author", query.author);
  if (query.search) p.set("search", query.search);
  if (query.since) {
    // Newest first, so the crawl can stop at the first model older than --since.
    p.set("sort", "createdAt");
    p.set("direction", "-1");
  }
  // `expand` repeated, as huggingface_hub and @huggingface/hub send it.
  for (const k of LISTING_EXPAND) p.append("expand", k);
  return `${query.hubUrl}/api/models?${p.toString()}`;
}

/** Parses an RFC 8288 Link header into rel -> URL. */
export function parseLinkHeader(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const m of header.matchAll(/<([^>]+)>\s*;\s*rel="?([^";,]+)"?/g)) {
    if (m[1] !== undefined && m[2] !== undefined) out[m[2]] = m[1];
  }
  return out;
}

/**
 * Fetches one listing page. Plain fetch rather than @huggingface/hub's listModels: that generator
 * hides the Link cursor, and a resumable crawl must save it after every page.
 */
export async function fetchListingPage(url: string, fetchFn: typeof fetch): Promise<ListingPage> {
  const res = await fetchFn(url, { headers: { accept: "application/json" } });
  if (!res.ok) {
    throw new HubError(`listing ${url}: HTTP ${res.status} ${await safeText(res)}`.trim(), url, res.status);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    throw new HubError(`listing ${url}: malformed JSON (${(err as Error).message})`, url, res.status);
  }
  if (!Array.isArray(body))
    throw new HubError(`listing ${url}: expected a JSON array of models`, url, res.status);
  const items: RawListedModel[] = [];
  for (const it of body) {
    if (it && typeof it === "object" && typeof (it as { id?: unknown }).id === "string")
      items.push(it as RawListedModel);
  }
  const next = parseLinkHeader(res.headers.get("link")).next ?? null;
  return { url, items, next: next ? new URL(next, url).href : null };
}

async function safeText(res: Response): Promise<string> {
  try {
    return (await res.text()).slice(0, 200);
  } catch {
    return "";
  }
}
