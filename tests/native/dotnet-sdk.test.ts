/**
 * The .NET SDK: NuGet is not reachable here, so it is neither compiled nor run. What is checked: the generator's
 * output is deterministic, so `sdks/dotnet` is byte-identical to what a second run of scripts/gen-sdk/run writes
 * (and not empty), and holds the resource class.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir } from "../../scripts/pulumi-env";
import { REPO_ROOT } from "../support/pulumi-project";
import { runCommand } from "../support/python-env";

jest.setTimeout(60_000);

/** Every file under `dir` (relative path -> bytes), sorted. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else out.set(r, fs.readFileSync(path.join(dir, r)));
    }
  };
  walk("");
  return out;
}

async function gen(out?: string): Promise<void> {
  const args = [path.join(REPO_ROOT, "scripts", "gen-sdk", "run"), ...(out ? [out] : [])];
  const r = await runCommand("bash", args, { cwd: REPO_ROOT, env: { ...process.env, GEN_SDK_LANGUAGES: "dotnet" } });
  if (r.code !== 0) throw new Error(`scripts/gen-sdk/run failed (exit ${r.code}):\n${r.output}`);
}

test("sdks/dotnet is byte-identical to a second generation", async () => {
  await gen();
  const other = makeTempDir("dts-gen-dotnet-");
  await gen(other);
  const a = tree(path.join(REPO_ROOT, "sdks", "dotnet"));
  const b = tree(path.join(other, "dotnet"));
  expect(a.size).toBeGreaterThan(0);
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [rel, bytes] of a) expect({ rel, same: bytes.equals(b.get(rel)!) }).toEqual({ rel, same: true });
  expect(a.get("SynchronizationObjectModification.cs")?.toString("utf8")).toContain("class SynchronizationObjectModification");
  expect(a.get("DtsJobModification.cs")?.toString("utf8")).toContain("class DtsJobModification");
});
