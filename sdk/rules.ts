/**
 * Input rules that both faces (the provider's `check` and the CLI's options) apply, kept here so they cannot drift.
 * Each face wraps the pattern in its own zod schema with its own wording (a field name for the provider, an option
 * name for the CLI); the rule itself lives only here.
 */

/**
 * A region id such as `cn-hangzhou` or `ap-southeast-1`: a lowercase prefix of two or more letters, then one or more
 * `-segment`s of lowercase letters and digits. No empty segment: `cn-hangzhou-` and `cn--hangzhou` are refused.
 */
export const REGION_ID_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/**
 * A ClientToken the package will send: 1..64 printable ASCII characters. `ModifySynchronizationObject` documents no
 * ClientToken, so it is sent only and relied on nowhere; the bound keeps it within the usual 64-character limit.
 */
export const CLIENT_TOKEN_PATTERN = /^[\x20-\x7e]{1,64}$/;

/** What {@link CLIENT_TOKEN_PATTERN} requires, in words (the message of both faces). */
export const CLIENT_TOKEN_RULE = "must be 1..64 printable ASCII characters";
