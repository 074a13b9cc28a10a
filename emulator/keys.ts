/**
 * The credentials an emulator accepts: permanent access key pairs, and STS (temporary) key pairs each bound to
 * its security token. Both signature schemes ask this store for a key's secret and check a request's token here,
 * so V1 (`SecurityToken` parameter) and V3 (`x-acs-security-token` header) behave the same.
 *
 * | Request | Answer |
 * |---|---|
 * | permanent key, no token | accepted |
 * | STS key with its configured token (not expired) | accepted |
 * | STS key, no token | 400 `MissingSecurityToken` |
 * | STS key, token past its `expiration` | 400 `InvalidSecurityToken.Expired` |
 * | a token configured for another key (also with a permanent key) | 400 `InvalidSecurityToken.MismatchWithAccessKey` |
 * | a token the emulator was not given (with any key) | 400 `InvalidSecurityToken.Malformed` (a real gateway decodes tokens; the emulator knows only its own) |
 *
 * The `InvalidSecurityToken.*` codes are the gateway's; `MissingSecurityToken` follows its `Missing<Param>`
 * convention. HTTP statuses and messages are not published, so 400 and the messages here are the emulator's choice.
 */
import { z } from "zod";
import { sameType, type WireParser } from "../sdk/wire/parser";
import { ApiError } from "./api-error";
import { StsCredentialSchema as stsCredentialSchema } from "./input-schemas";

/** One STS credential: the temporary key pair and the token issued with it. */
export interface StsCredential {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  /** ISO 8601 time after which the token is rejected as expired. @default never */
  expiration?: string;
}

/** Checks one {@link StsCredential} (the zod schema stays internal: `input-schemas.ts`). */
export const StsCredentialSchema: WireParser<StsCredential> = stsCredentialSchema;
sameType<z.output<typeof stsCredentialSchema>, StsCredential>(true);

const tokenError = (code: string, message: string) => new ApiError(400, code, message);

/** Access keys and STS credentials, checked once when the emulator starts. */
export class KeyStore {
  /** AccessKeyId -> AccessKeySecret, permanent and STS keys alike (what signature checks look up). */
  readonly secrets: Readonly<Record<string, string>>;
  private readonly sts = new Map<string, { token: string; expiresAt: number }>();
  /** securityToken -> the STS AccessKeyId it was issued with. */
  private readonly tokenOwner = new Map<string, string>();

  /** Throws an Error naming the bad entry (`stsTokens[1].securityToken ...`) or the clash. */
  constructor(accessKeys: Readonly<Record<string, string>>, stsTokens: readonly StsCredential[] = []) {
    const secrets: Record<string, string> = { ...accessKeys };
    stsTokens.forEach((raw, i) => {
      const r = stsCredentialSchema.safeParse(raw);
      if (!r.success) throw new Error(`stsTokens[${i}]: ${z.prettifyError(r.error)}`);
      const c = r.data;
      if (Object.hasOwn(secrets, c.accessKeyId)) {
        throw new Error(`stsTokens[${i}].accessKeyId ${c.accessKeyId} is already configured (as an access key or another STS entry)`);
      }
      if (this.tokenOwner.has(c.securityToken)) throw new Error(`stsTokens[${i}].securityToken is configured twice`);
      secrets[c.accessKeyId] = c.accessKeySecret;
      this.sts.set(c.accessKeyId, { token: c.securityToken, expiresAt: c.expiration ? Date.parse(c.expiration) : Infinity });
      this.tokenOwner.set(c.securityToken, c.accessKeyId);
    });
    this.secrets = secrets;
  }

  /** The secret of a configured key (permanent or STS), or undefined. */
  secretFor(accessKeyId: string): string | undefined {
    return Object.hasOwn(this.secrets, accessKeyId) ? this.secrets[accessKeyId] : undefined;
  }

  /** Whether this key is an STS key (its requests must carry its token). */
  isSts(accessKeyId: string): boolean {
    return this.sts.has(accessKeyId);
  }

  /**
   * Check a request's security token against its (known) AccessKeyId; throws the gateway's error.
   * @param paramName how the scheme carries the token, for the message (`SecurityToken` or `x-acs-security-token`).
   */
  checkToken(accessKeyId: string, token: string | undefined, wallNow: number, paramName: string): void {
    const sts = this.sts.get(accessKeyId);
    if (token === undefined || token === "") {
      if (sts) {
        throw tokenError("MissingSecurityToken", `${paramName} is mandatory for this action: ${accessKeyId} is a temporary (STS) AccessKeyId.`);
      }
      return;
    }
    if (sts && sts.token === token) {
      if (wallNow >= sts.expiresAt) throw tokenError("InvalidSecurityToken.Expired", "Specified SecurityToken is expired.");
      return;
    }
    if (this.tokenOwner.has(token)) {
      throw tokenError("InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.");
    }
    throw tokenError("InvalidSecurityToken.Malformed", "Specified SecurityToken is malformed.");
  }
}
