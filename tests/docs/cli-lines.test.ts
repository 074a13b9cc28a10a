/**
 * The `dts-objects` lines of the README and docs/ run on the built command: each names a command it has and only
 * options that command's `--help` lists; every exit code the docs name is one of `ExitCode` (cli/exit-codes.ts).
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ExitCode } from "../../cli/exit-codes";
import { ensureBuilt } from "../support/build";
import { codeBlocks, ROOT, read, sampleFiles } from "./markdown";

const CLI = path.join(ROOT, "dist", "cli", "index.js");

beforeAll(() => ensureBuilt());

const helps = new Map<string, { ok: boolean; text: string }>();
function help(command: string): { ok: boolean; text: string } {
  const known = helps.get(command);
  if (known) return known;
  const r = spawnSync(process.execPath, [CLI, command, "--help"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const result = { ok: r.status === 0, text: r.stdout };
  helps.set(command, result);
  return result;
}

/** `npx dts-objects <command> ...` lines of the shell samples, comments cut off. */
function commandLines(): { where: string; command: string; options: string[] }[] {
  return sampleFiles()
    .flatMap((f) => codeBlocks(f))
    .filter((b) => b.lang === "sh" || b.lang === "bash")
    .flatMap((b) =>
      b.code
        .split("\n")
        .map((line, i) => ({ line: line.replace(/\s#.*$/, ""), where: `${b.file}:${b.line + 1 + i}` }))
        .filter(({ line }) => /\bdts-objects\s+\w/.test(line))
        .map(({ line, where }) => {
          const [, command = "", rest = ""] = /\bdts-objects\s+([\w-]+)(.*)$/.exec(line)!;
          return { where, command, options: [...rest.matchAll(/(?:^|\s)(--[\w-]+)/g)].map((m) => m[1]!) };
        }),
    );
}

test("the README and docs/cli.md show dts-objects lines", () => {
  const files = new Set(commandLines().map((l) => l.where.split(":")[0]));
  expect([...files]).toEqual(expect.arrayContaining(["README.md", "docs/cli.md"]));
});

test("every dts-objects line names a command and options the built command has", () => {
  const problems: string[] = [];
  for (const { where, command, options } of commandLines()) {
    const h = help(command);
    if (!h.ok || !h.text.startsWith(`Usage: dts-objects ${command}`)) {
      problems.push(`${where}: no command ${command}`);
      continue;
    }
    for (const o of options) if (!new RegExp(`(^|[\\s,])${o}\\b`, "m").test(h.text)) problems.push(`${where}: ${command} has no option ${o}`);
  }
  expect(problems).toEqual([]);
});

test("the exit codes the README and docs/cli.md name are ExitCode values, with their meaning", () => {
  const codes = new Set<number>(Object.values(ExitCode));
  for (const file of ["README.md", "docs/cli.md"]) {
    const sentence = /[Ee]xit codes:? ((?:\d+ [^,]+, )+(?:and )?\d+ [^.(]+)/.exec(read(file).replace(/\s+/g, " "));
    expect({ file, found: sentence !== null }).toEqual({ file, found: true });
    const named = [...sentence![1]!.matchAll(/(\d+) ([\w -]+)/g)].map((m) => ({ code: Number(m[1]), meaning: m[2]!.trim() }));
    expect(named.length).toBeGreaterThanOrEqual(6);
    for (const { code, meaning } of named) {
      expect({ file, code, known: codes.has(code) }).toEqual({ file, code, known: true });
      // The word the docs use appears in the command's own explanation of that code (--help's table).
      const word = meaning.split(" ").find((w) => w.length >= 4) ?? meaning;
      const helpLine = new RegExp(`^\\s*${code}\\s+.*`, "m").exec(help("wait").text)?.[0] ?? "";
      expect({ file, code, meaning, inHelp: helpLine.toLowerCase().includes(word.toLowerCase().replace(/ed$/, "")) }).toEqual({
        file,
        code,
        meaning,
        inHelp: true,
      });
    }
  }
});

test("an unknown option is found (the check can fail)", () => {
  expect(/(^|[\s,])--no-such-option\b/m.test(help("wait").text)).toBe(false);
  expect(help("no-such-command").ok && help("no-such-command").text.startsWith("Usage: dts-objects no-such-command")).toBe(false);
});
