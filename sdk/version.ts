/** The package version, read from package.json at run time (sources under ts-jest, `dist/` when built): CLI and native plugin. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Walks up from this file to the `pulumi-dts-objects` package.json. */
export function packageVersion(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
        if (pkg.name === "pulumi-dts-objects" && pkg.version) return pkg.version;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return "0.0.0";
    dir = parent;
  }
}
