/**
 * Redaction, one rule for every face: the SDK's error messages ({@link redact}) and the CLI's second line of defence
 * over everything it prints ({@link redactSecrets} with the secret environment variables' values).
 */

/**
 * Replaces each of the given secret strings in `text` by `***`. Strings shorter than 4 characters are left alone (a
 * value that short would blank out ordinary words and is no secret worth the name).
 *
 * @example
 * ```ts
 * redactSecrets("key s3cr3t failed", ["s3cr3t"]) // "key *** failed"
 * ```
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("***");
  }
  return out;
}

/**
 * Removes what must never be shown: pop-core's `, URL: ...` suffix, signed-URL parameters (`Signature`,
 * `AccessKeyId`, `SecurityToken`, `SignatureNonce`) and any of the given secret strings.
 *
 * @example
 * ```ts
 * redact("x, URL: https://dts.aliyuncs.com/?AccessKeyId=AK&Signature=abc") // "x"
 * ```
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(/,? URL: \S+/g, "");
  // Also URL-encoded once or twice (`AccessKeyId%3DLTAI...%26`), as in a string to sign echoed by the server.
  out = out.replace(/\b(Signature|AccessKeyId|SecurityToken|SignatureNonce|AccessKeySecret)(=|%3D|%253D)(?:(?!%26|%2526)[^&\s])*/gi, "$1$2***");
  return redactSecrets(out, secrets).trim();
}
