/** Credential resolution: explicit, environment, the @alicloud/credentials chain, and the error listing what was tried. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveCredentials } from "../../sdk/client/credentials";
import { type DtsCredentialsError, isDtsCredentialsError } from "../../sdk/errors/errors";

const SECRET = "very-secret-value";

async function failure(p: Promise<unknown>): Promise<DtsCredentialsError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isDtsCredentialsError(e)) throw new Error(`expected DtsCredentialsError, got ${String(e)}`);
  return e;
}

describe("resolveCredentials", () => {
  it("uses explicit credentials first", async () => {
    const c = await resolveCredentials(
      { accessKeyId: "AK", accessKeySecret: SECRET, securityToken: "STS" },
      { ALIBABA_CLOUD_ACCESS_KEY_ID: "ENV", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "ENVS" },
    );
    expect(c).toEqual({ accessKeyId: "AK", accessKeySecret: SECRET, securityToken: "STS", source: "explicit" });
  });

  it("rejects half an explicit pair instead of silently using the environment", async () => {
    const e = await failure(resolveCredentials({ accessKeyId: "AK" }, { ALIBABA_CLOUD_ACCESS_KEY_ID: "ENV", ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET }));
    expect(e.message).toMatch(/accessKeySecret is missing/);
    expect(e.message).not.toContain(SECRET);
  });

  it("reads ALIBABA_CLOUD_* with the STS token", async () => {
    const c = await resolveCredentials(undefined, {
      ALIBABA_CLOUD_ACCESS_KEY_ID: "AK1",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
      ALIBABA_CLOUD_SECURITY_TOKEN: "TOKEN",
      ALICLOUD_ACCESS_KEY: "OLD",
      ALICLOUD_SECRET_KEY: "OLDS",
    });
    expect(c).toEqual({ accessKeyId: "AK1", accessKeySecret: SECRET, securityToken: "TOKEN", source: "env:ALIBABA_CLOUD_ACCESS_KEY_ID" });
  });

  it("falls back to the older ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY", async () => {
    const c = await resolveCredentials(undefined, { ALIBABA_CLOUD_ACCESS_KEY_ID: "half", ALICLOUD_ACCESS_KEY: "AK2", ALICLOUD_SECRET_KEY: SECRET });
    expect(c).toMatchObject({ accessKeyId: "AK2", source: "env:ALICLOUD_ACCESS_KEY" });
    expect(c.securityToken).toBeUndefined();
  });

  it("uses the chain last, and refreshes through it", async () => {
    let n = 0;
    const chain = async () => ({ accessKeyId: `CHAIN${++n}`, accessKeySecret: SECRET, securityToken: "T", providerName: "default/ecs_ram_role" });
    const c = await resolveCredentials(undefined, {}, { chain });
    expect(c).toMatchObject({ accessKeyId: "CHAIN1", source: "chain:default/ecs_ram_role", securityToken: "T" });
    await expect(c.refresh!()).resolves.toEqual({ accessKeyId: "CHAIN2", accessKeySecret: SECRET, securityToken: "T" });
  });

  it("lists everything it tried, names only", async () => {
    const e = await failure(
      resolveCredentials(undefined, { ALIBABA_CLOUD_ACCESS_KEY_ID: "AKHALF" }, { chain: async () => Promise.reject(new Error("no provider in the chain")) }),
    );
    expect(e.tried).toHaveLength(4);
    expect(e.tried[0]).toMatch(/explicit/);
    expect(e.tried[1]).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_ID \+ ALIBABA_CLOUD_ACCESS_KEY_SECRET \(ALIBABA_CLOUD_ACCESS_KEY_SECRET not set\)/);
    expect(e.tried[2]).toMatch(/ALICLOUD_ACCESS_KEY \+ ALICLOUD_SECRET_KEY \(not set\)/);
    expect(e.tried[3]).toMatch(/default chain.*no provider in the chain/);
    expect(e.message).toContain("ALIBABA_CLOUD_ACCESS_KEY_ID");
    expect(e.message).not.toContain("AKHALF");
    expect(e.retryable).toBe(false);
  });

  it("can skip the chain", async () => {
    const e = await failure(resolveCredentials(undefined, {}, { chain: false }));
    expect(e.tried[3]).toMatch(/disabled/);
  });

  describe("the real @alicloud/credentials default chain (ECS metadata disabled)", () => {
    const saved = { ...process.env };
    let home: string;
    beforeEach(() => {
      home = mkdtempSync(join(tmpdir(), "dts-creds-"));
      process.env.HOME = home; // no ~/.aliyun/config.json, no ~/.alibabacloud/credentials
      for (const k of Object.keys(process.env)) if (/^(ALIBABA_CLOUD_|ALICLOUD_)/.test(k) && k !== "ALIBABA_CLOUD_ECS_METADATA_DISABLED") delete process.env[k];
      expect(process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED).toBe("true");
    });
    afterEach(() => {
      process.env = { ...saved };
      rmSync(home, { recursive: true, force: true });
    });

    it("fails with one clear error when nothing is configured", async () => {
      const e = await failure(resolveCredentials(undefined, {}));
      expect(e.tried.at(-1)).toMatch(/@alicloud\/credentials default chain/);
      // The library's credentials-URI step is left out when no URI is set: it would request the host "undefined".
      expect(e.message).not.toMatch(/ENOTFOUND|undefined/);
    });

    it("finds credentials the chain reads from process.env even when the env option is empty", async () => {
      process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = "CHAIN-AK";
      process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = SECRET;
      const c = await resolveCredentials(undefined, {});
      expect(c.accessKeyId).toBe("CHAIN-AK");
      expect(c.source).toMatch(/^chain:default\//);
    });
  });
});

describe("createDefaultCredentialsChain", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("refresh asks the chain again, so rotated or temporary credentials are picked up", async () => {
    for (const k of Object.keys(process.env)) if (/^(ALIBABA_CLOUD_|ALICLOUD_)/.test(k) && k !== "ALIBABA_CLOUD_ECS_METADATA_DISABLED") delete process.env[k];
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = "AK-A";
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "secret-a";
    const resolved = await resolveCredentials(undefined, {});
    expect(resolved.accessKeyId).toBe("AK-A");
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = "AK-B";
    await expect(resolved.refresh!()).resolves.toMatchObject({ accessKeyId: "AK-B" });
  });
});
