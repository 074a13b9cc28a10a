/**
 * STS tokens in both schemes: a request with a security token is accepted only with the key pair the token was
 * configured with (startEmulator `stsTokens`, the CLI's `--sts-token` / config `stsTokens`).
 */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { KeyStore } from "../../emulator/keys";
import { parseCli } from "../../emulator/bin";
import { callDts, clientError, openApiClient, type SignatureMode } from "../support/openapi-client";

const AK = "LTAI5tPermanent01";
const SECRET = "permanent-secret-01";
const STS = { accessKeyId: "STS.NUgYrLnoC37mZZCNnAbez2", accessKeySecret: "sts-secret-01", securityToken: "CAIS-token-one" };
const STS2 = { accessKeyId: "STS.Other2", accessKeySecret: "sts-secret-02", securityToken: "CAIS-token-two" };
const EXPIRED = { accessKeyId: "STS.Expired3", accessKeySecret: "sts-secret-03", securityToken: "CAIS-token-old", expiration: "2020-01-01T00:00:00Z" };
const lines: string[] = [];
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, accessKeys: { [AK]: SECRET }, stsTokens: [STS, STS2, EXPIRED], log: (l) => lines.push(l) });
});
afterAll(() => emu.stop());

const call = (mode: SignatureMode, id: string, secret: string, securityToken?: string) =>
  callDts(openApiClient({ endpoint: emu.url, accessKeyId: id, accessKeySecret: secret, securityToken, mode }), "DescribeSynchronizationJobs", {
    query: { PageSize: "10" },
  });

const errCode = async (p: Promise<unknown>) => {
  const e = await clientError(p);
  return [e.code, e.data.statusCode];
};

describe.each(["V3", "V1"] as const)("%s", (mode) => {
  test("the configured STS key pair with its token is accepted (and logged as sts, without the token)", async () => {
    lines.length = 0;
    const r = await call(mode, STS.accessKeyId, STS.accessKeySecret, STS.securityToken);
    expect(r.statusCode).toBe(200);
    expect(r.body.Success).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(` ${mode}/sts DescribeSynchronizationJobs -> 200 OK`);
    expect(lines[0]).not.toContain(STS.securityToken);
    expect(lines[0]).not.toContain(STS.accessKeySecret);
  });

  test("another key's token: InvalidSecurityToken.MismatchWithAccessKey (also with a permanent key)", async () => {
    expect(await errCode(call(mode, STS.accessKeyId, STS.accessKeySecret, STS2.securityToken))).toEqual(["InvalidSecurityToken.MismatchWithAccessKey", 400]);
    expect(await errCode(call(mode, AK, SECRET, STS.securityToken))).toEqual(["InvalidSecurityToken.MismatchWithAccessKey", 400]);
  });

  test("a token the emulator was not given: InvalidSecurityToken.Malformed", async () => {
    expect(await errCode(call(mode, STS.accessKeyId, STS.accessKeySecret, "made-up-token"))).toEqual(["InvalidSecurityToken.Malformed", 400]);
    expect(await errCode(call(mode, AK, SECRET, "made-up-token"))).toEqual(["InvalidSecurityToken.Malformed", 400]);
  });

  test("an STS key without its token: MissingSecurityToken; past its expiration: InvalidSecurityToken.Expired", async () => {
    const e = await clientError(call(mode, STS.accessKeyId, STS.accessKeySecret));
    expect(e.code).toBe("MissingSecurityToken");
    expect(e.data.Message).toContain(mode === "V3" ? "x-acs-security-token is mandatory" : "SecurityToken is mandatory");
    expect(await errCode(call(mode, EXPIRED.accessKeyId, EXPIRED.accessKeySecret, EXPIRED.securityToken))).toEqual(["InvalidSecurityToken.Expired", 400]);
  });

  test("the right token with a wrong STS secret is still a signature failure; the message masks the token", async () => {
    const e = await clientError(call(mode, STS.accessKeyId, "wrong", STS.securityToken));
    expect([e.code, e.data.statusCode]).toEqual(["SignatureDoesNotMatch", 400]);
    const msg: string = e.data.Message;
    expect(msg).toContain(mode === "V3" ? "x-acs-security-token:***\n" : "SecurityToken%3D***%26");
    expect(msg).not.toContain("CAIS-token");
    expect(msg).not.toContain("CAIS%252Dtoken");
  });
});

test("error messages never hold a token or a secret", async () => {
  const e = await clientError(call("V3", STS.accessKeyId, STS.accessKeySecret, STS2.securityToken));
  expect(JSON.stringify(e.data)).not.toMatch(/CAIS-token|sts-secret/);
});

describe("configuration", () => {
  test("KeyStore rejects bad entries, naming the field", () => {
    expect(() => new KeyStore({ A: "s" }, [{ ...STS, securityToken: "" }])).toThrow(/stsTokens\[0\][\s\S]*securityToken must not be empty/);
    expect(() => new KeyStore({ A: "s" }, [{ ...STS, accessKeyId: "A" }])).toThrow("stsTokens[0].accessKeyId A is already configured");
    expect(() => new KeyStore({}, [STS, { ...STS2, securityToken: STS.securityToken }])).toThrow("stsTokens[1].securityToken is configured twice");
    expect(() => new KeyStore({}, [{ ...STS, expiration: "soon" }])).toThrow(/expiration must be an ISO 8601 time/);
    expect(() => new KeyStore({}, [{ ...STS, extra: 1 } as never])).toThrow(/stsTokens\[0\]/);
  });

  test("startEmulator refuses a bad STS entry", async () => {
    await expect(startEmulator({ port: 0, stsTokens: [{ ...STS, accessKeySecret: "" }] })).rejects.toThrow(/accessKeySecret must not be empty/);
  });

  test("CLI: --sts-token ID:SECRET:TOKEN (repeatable, token may hold ':') adds to the config file's stsTokens", () => {
    const { options } = parseCli(["--sts-token", "STS.a:sa:tok:with:colons", "--sts-token", "STS.b:sb:tb"]);
    expect(options.stsTokens).toEqual([
      { accessKeyId: "STS.a", accessKeySecret: "sa", securityToken: "tok:with:colons" },
      { accessKeyId: "STS.b", accessKeySecret: "sb", securityToken: "tb" },
    ]);
    expect(() => parseCli(["--sts-token", "STS.a:only-secret"])).toThrow(
      "option --sts-token: expected ACCESS_KEY_ID:ACCESS_KEY_SECRET:SECURITY_TOKEN, got fewer than three parts",
    );
    // The message never echoes what was given (it may hold a secret).
    expect(() => parseCli(["--sts-token", "STS.a::tok"])).toThrow(/^option --sts-token: expected .* got an empty part$/);
  });
});
