/**
 * The documentation points only at things that exist: every relative link (and its #anchor) of README.md,
 * CONTRIBUTING.md, docs/ and the parts' READMEs resolves, every repository path it names in backticks exists, and
 * every `npm run <script>` it tells a reader to run is a script of package.json.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { anchors, docFiles, PENDING_PAGES, prose, ROOT, read, relativeLinks } from "./markdown";

const files = docFiles();
const scripts = Object.keys(JSON.parse(read("package.json")).scripts as Record<string, string>);

test("the documentation set is there: README, CONTRIBUTING and the registry pages", () => {
  for (const f of ["README.md", "CONTRIBUTING.md", "docs/_index.md", "docs/installation-configuration.md"]) expect(files).toContain(f);
});

test.each(files)("%s: every relative link resolves, anchors included", (file) => {
  const broken: string[] = [];
  for (const link of relativeLinks(read(file))) {
    const [target = "", anchor] = link.split("#");
    const resolved = target === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(target)));
    if (resolved.startsWith("..")) {
      broken.push(`${link}: outside the repository`);
      continue;
    }
    if (!fs.existsSync(path.join(ROOT, resolved))) {
      if (!PENDING_PAGES.includes(resolved)) broken.push(`${link}: no file ${resolved}`);
      continue;
    }
    if (anchor && resolved.endsWith(".md") && !anchors(read(resolved)).has(anchor)) broken.push(`${link}: ${resolved} has no heading #${anchor}`);
  }
  expect(broken).toEqual([]);
});

test("a pending page leaves PENDING_PAGES once it exists (tests/docs/markdown.ts)", () => {
  expect(PENDING_PAGES.filter((p) => fs.existsSync(path.join(ROOT, p)))).toEqual([]);
});

/** Repository paths named in backticks in prose: `provider/native/schema.ts`, `tests/native/yaml.test.ts`, ... */
function repoPaths(text: string): string[] {
  const out: string[] = [];
  for (const m of prose(text).matchAll(/`((?:sdk|provider|cli|emulator|tests|scripts|bench|examples|docs)\/[\w./-]*)`/g)) {
    const p = m[1]!.replace(/\/$/, "");
    out.push(p);
  }
  return out;
}

test.each(files)("%s: every repository path it names exists", (file) => {
  const missing = repoPaths(read(file)).filter((p) => !fs.existsSync(path.join(ROOT, p)) && !PENDING_PAGES.includes(p));
  expect(missing).toEqual([]);
});

test.each(files)("%s: every `npm run <script>` is a script of package.json", (file) => {
  const named = [...read(file).matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
  expect(named.filter((s) => !scripts.includes(s))).toEqual([]);
});

test("the checks above can fail: a broken link, a missing anchor and a missing path are found", () => {
  const text = "[a](nowhere.md) [b](README.md#no-such-heading) `provider/no-such-file.ts`\n```sh\n[c](inside-code.md)\n```\n";
  expect(relativeLinks(text)).toEqual(["nowhere.md", "README.md#no-such-heading"]);
  expect(anchors(read("README.md")).has("no-such-heading")).toBe(false);
  expect(repoPaths(text)).toEqual(["provider/no-such-file.ts"]);
});
