/** The package version, read from package.json at run time (sources under ts-jest, `dist/` when built): CLI and native plugin. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Walks up from this file to the `pulumi-dts-objects` package.json. */
export function packageVersion(start: string = __dirname): string {
  return packageJson(start)?.version ?? "0.0.0";
}

/**
 * Where the engine downloads the native plugin's release archives from (package.json `pulumi.pluginDownloadURL`:
 * the one place it is set; the schema and so the generated SDKs carry it). Undefined when package.json has none.
 */
export function pluginDownloadURL(start: string = __dirname): string | undefined {
  return packageJson(start)?.pulumi?.pluginDownloadURL;
}

interface PackageJson {
  name?: string;
  version?: string;
  pulumi?: { pluginDownloadURL?: string };
}

function packageJson(start: string): PackageJson | undefined {
  let dir = start;
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, "utf8")) as PackageJson;
        if (pkg.name === "pulumi-dts-objects" && pkg.version) return pkg;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
