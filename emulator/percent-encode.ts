/**
 * RFC 3986 percent-encoding as both Alibaba Cloud signatures use it (V1 canonicalized query, V3 canonical URI and
 * canonical query string): only `A-Z a-z 0-9 - _ . ~` stay as they are; space is `%20`, `*` is `%2A`, `~` is kept.
 */

/**
 * Percent-encode one name, value or path segment.
 *
 * Equivalent to the spec's Java recipe (URLEncoder, then `+` -> `%20`, `*` -> `%2A`, `%7E` -> `~`):
 * `encodeURIComponent` already keeps `~` and never emits `+`, and the characters it leaves that RFC 3986
 * reserves (`!'()*`) are encoded here.
 *
 * @example percentEncode("a b*c~") === "a%20b%2Ac~"
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
