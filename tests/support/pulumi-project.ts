/**
 * A small harness for end-to-end tests through the real Pulumi CLI and engine.
 *
 * Every {@link PulumiProject} gets its own temp directory with an isolated local backend (`file://<dir>/.state`),
 * its own PULUMI_HOME and passphrase, so tests never see each other's stacks. The program either is copied into
 * the temp dir (its node_modules linked to this checkout: `pulumi-dts-objects`, `@pulumi/pulumi`, `typescript`,
 * `@types/node`) or runs in place (examples/*) under a unique stack name whose `Pulumi.<stack>.yaml` is removed
 * again by {@link PulumiProject.cleanup}.
 *
 * The CLI comes from scripts/ensure-pulumi (built once, cached outside the repo). A missing CLI fails the test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, RunResult, ensurePulumi, linkProgramDeps, makeTempDir, pulumiEnv, run } from "../../scripts/pulumi-env";

export { REPO_ROOT, RunResult, run };

/** Long enough for a first-time CLI build on 2 cores. */
export const ENSURE_PULUMI_TIMEOUT_MS = 45 * 60 * 1000;
/** Per Pulumi command. */
export const COMMAND_TIMEOUT_MS = 150_000;

let binDirPromise: Promise<string> | undefined;

/** The Pulumi bin dir (provisioned once per jest worker). Rejects when the CLI cannot be provisioned. */
export function pulumiBin(): Promise<string> {
  if (!binDirPromise) {
    binDirPromise = ensurePulumi({
      onProgress: (line) => {
        if (!/using (cached )?pulumi/.test(line)) process.stderr.write(`${line}\n`);
      },
    });
  }
  return binDirPromise;
}

export interface ProjectOptions {
  /** Program directory to copy (every file except node_modules and Pulumi.<stack>.yaml). */
  copyFrom?: string;
  /** Extra or replacement files written into the copied program (path relative to the program dir). */
  files?: Record<string, string>;
  /** Run this program directory in place instead of copying it. */
  inPlace?: string;
  /**
   * In place: the directory whose node_modules get the links (default: `inPlace`). For the root Pulumi.yaml
   * (`main: examples/basic/`) that is examples/basic, never the repository's own node_modules.
   */
  linkIn?: string;
  /** In place: make no node_modules links (the program has its own npm-installed dependencies). */
  noLinks?: boolean;
  /** Stack name (default: a unique `e2e-...` name). */
  stack?: string;
  /** Passphrase for the passphrase secrets provider. */
  passphrase?: string;
  /** Extra environment variables for every command. */
  env?: Record<string, string>;
  /** Prefix of the temp directory. */
  label?: string;
}

export interface CommandOptions {
  /** Do not throw on a non-zero exit (the test inspects the result). */
  allowFailure?: boolean;
  timeoutMs?: number;
  /** Also print each line as it comes (debugging). */
  echo?: boolean;
  input?: string;
  cwd?: string;
}

let stackCounter = 0;

/** A Pulumi program with its own backend and stack. */
export class PulumiProject {
  /** Temp dir holding the backend (`.state`), PULUMI_HOME (`.home`), the log and (copy mode) the program. */
  readonly workDir: string;
  /** Where `pulumi` runs (the program directory). */
  readonly programDir: string;
  readonly stack: string;
  readonly env: NodeJS.ProcessEnv;
  readonly binDir: string;
  /** Every command run, with its output (for failure messages). */
  readonly history: { args: string[]; result: RunResult }[] = [];
  private readonly inPlace: boolean;

  private constructor(binDir: string, opts: ProjectOptions) {
    this.binDir = binDir;
    this.workDir = makeTempDir(`pulumi-dts-e2e-${opts.label ?? "proj"}-`);
    this.stack = opts.stack ?? `e2e-${process.pid}-${++stackCounter}`;
    this.inPlace = !!opts.inPlace;
    if (opts.inPlace) {
      this.programDir = path.resolve(opts.inPlace);
      if (!opts.noLinks) linkProgramDeps(path.resolve(opts.linkIn ?? opts.inPlace));
    } else {
      this.programDir = path.join(this.workDir, "program");
      fs.mkdirSync(this.programDir, { recursive: true });
      if (opts.copyFrom) copyProgram(path.resolve(opts.copyFrom), this.programDir);
      for (const [rel, text] of Object.entries(opts.files ?? {})) {
        const p = path.join(this.programDir, rel);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, text);
      }
      linkProgramDeps(this.programDir, { withTypeScript: true });
    }
    this.env = pulumiEnv({
      binDir,
      workDir: this.workDir,
      passphrase: opts.passphrase ?? "e2e-passphrase",
      extra: opts.env ?? {},
    });
  }

  /** Create the project and `pulumi stack init` its stack. */
  static async create(opts: ProjectOptions = {}): Promise<PulumiProject> {
    const bin = await pulumiBin();
    const p = new PulumiProject(bin, opts);
    await p.pulumi(["stack", "init", p.stack]);
    return p;
  }

  /** Run `pulumi <args> --non-interactive --color never` in the program dir (stack selected explicitly where valid). */
  async pulumi(args: string[], opts: CommandOptions = {}): Promise<RunResult> {
    const globals = ["--non-interactive", "--color=never"];
    const dd = args.indexOf("--");
    const full = dd < 0 ? [...args, ...globals] : [...args.slice(0, dd), ...globals, ...args.slice(dd)];
    const result = await run(path.join(this.binDir, "pulumi"), full, {
      cwd: opts.cwd ?? this.programDir,
      env: this.env,
      input: opts.input,
      timeoutMs: opts.timeoutMs ?? COMMAND_TIMEOUT_MS,
      onLine: opts.echo ? (l) => process.stderr.write(`  | ${l}\n`) : undefined,
    });
    this.history.push({ args: full, result });
    fs.appendFileSync(
      path.join(this.workDir, "commands.log"),
      `$ pulumi ${full.join(" ")}  (exit ${result.code}, ${result.durationMs} ms)\n${result.output}\n`,
    );
    if (result.code !== 0 && !opts.allowFailure) {
      throw new Error(`pulumi ${full.join(" ")} failed (exit ${result.code}):\n${tail(result.output, 6000)}`);
    }
    return result;
  }

  /** Run any command in the project's environment (e.g. examples/pipeline.sh). */
  async exec(command: string, args: string[], opts: CommandOptions & { env?: Record<string, string> } = {}): Promise<RunResult> {
    const result = await run(command, args, {
      cwd: opts.cwd ?? this.programDir,
      env: { ...this.env, ...(opts.env ?? {}) },
      input: opts.input,
      timeoutMs: opts.timeoutMs ?? COMMAND_TIMEOUT_MS * 2,
      onLine: opts.echo ? (l) => process.stderr.write(`  | ${l}\n`) : undefined,
    });
    this.history.push({ args: [command, ...args], result });
    fs.appendFileSync(
      path.join(this.workDir, "commands.log"),
      `$ ${command} ${args.join(" ")}  (exit ${result.code}, ${result.durationMs} ms)\n${result.output}\n`,
    );
    if (result.code !== 0 && !opts.allowFailure) {
      throw new Error(`${command} ${args.join(" ")} failed (exit ${result.code}):\n${tail(result.output, 6000)}`);
    }
    return result;
  }

  /**
   * `pulumi config set [--secret] <key> <value>`. A secret's value goes on stdin (as a user would pipe it), so it
   * never appears in a command line.
   */
  async setConfig(key: string, value: string, opts: { secret?: boolean } = {}): Promise<void> {
    if (opts.secret) {
      await this.pulumi(["config", "set", "--stack", this.stack, "--secret", "--", key], { input: value });
    } else {
      // `--` so values starting with "-" are not read as flags.
      await this.pulumi(["config", "set", "--stack", this.stack, "--plaintext", "--", key, value]);
    }
  }

  /** Set several plain config values in one command (`pulumi config set-all --plaintext k=v ...`). */
  async setConfigs(values: Record<string, string | number | boolean>): Promise<void> {
    const pairs = Object.entries(values).flatMap(([k, v]) => ["--plaintext", `${k}=${String(v)}`]);
    if (pairs.length) await this.pulumi(["config", "set-all", "--stack", this.stack, ...pairs]);
  }

  up(opts: CommandOptions = {}, extra: string[] = []): Promise<RunResult> {
    return this.pulumi(["up", "--stack", this.stack, "--yes", "--skip-preview", ...extra], opts);
  }

  /**
   * `pulumi up` as a child the test can signal (Ctrl-C is `child.kill("SIGINT")`); `done` resolves with its exit code,
   * output and end time once it ends. GNU timeout kills it after 120 s at the latest (`-k 5`: and 5 s later for good);
   * `--foreground`, because timeout otherwise relays a signal it receives to pulumi AND again to its whole process
   * group, which pulumi counts as a second Ctrl-C ("^C received; terminating").
   */
  startUp(extra: string[] = []): { child: ChildProcess; done: Promise<{ code: number | null; output: string; endedAt: number }> } {
    const pulumi = path.join(this.binDir, "pulumi");
    const args = ["up", "--stack", this.stack, "--yes", "--skip-preview", "--non-interactive", "--color=never", ...extra];
    const child = spawn("timeout", ["--foreground", "-k", "5", "120", pulumi, ...args], {
      cwd: this.programDir,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    const done = new Promise<{ code: number | null; output: string; endedAt: number }>((resolve) =>
      child.on("close", (code) => resolve({ code, output, endedAt: Date.now() })),
    );
    return { child, done };
  }

  preview(opts: CommandOptions = {}, extra: string[] = []): Promise<RunResult> {
    return this.pulumi(["preview", "--stack", this.stack, ...extra], opts);
  }

  refresh(opts: CommandOptions = {}, extra: string[] = []): Promise<RunResult> {
    return this.pulumi(["refresh", "--stack", this.stack, "--yes", "--skip-preview", ...extra], opts);
  }

  destroy(opts: CommandOptions = {}, extra: string[] = []): Promise<RunResult> {
    return this.pulumi(["destroy", "--stack", this.stack, "--yes", "--skip-preview", ...extra], opts);
  }

  /** `pulumi stack output --json` (secrets shown with `showSecrets`). */
  async outputs<T = Record<string, any>>(opts: { showSecrets?: boolean } = {}): Promise<T> {
    const args = ["stack", "output", "--stack", this.stack, "--json"];
    if (opts.showSecrets) args.push("--show-secrets");
    const r = await this.pulumi(args);
    return JSON.parse(r.stdout) as T;
  }

  /** `pulumi stack export` as text and parsed. */
  async exportStack(opts: { showSecrets?: boolean } = {}): Promise<{ text: string; deployment: any }> {
    const args = ["stack", "export", "--stack", this.stack];
    if (opts.showSecrets) args.push("--show-secrets");
    const r = await this.pulumi(args);
    return { text: r.stdout, deployment: JSON.parse(r.stdout) };
  }

  /** The resources in the stack's state (from `pulumi stack export`). */
  async resources(): Promise<any[]> {
    const { deployment } = await this.exportStack();
    return deployment?.deployment?.resources ?? [];
  }

  /** The last `n` commands with their output, for assertion messages. */
  transcript(n = 3): string {
    return this.history
      .slice(-n)
      .map((h) => `$ ${h.args.join(" ")} (exit ${h.result.code})\n${tail(h.result.output, 4000)}`)
      .join("\n");
  }

  /** Remove the stack (best effort), its in-place config file and the temp dir. */
  async cleanup(opts: { keep?: boolean } = {}): Promise<void> {
    if (this.inPlace) {
      await this.pulumi(["stack", "rm", "--stack", this.stack, "--yes", "--force"], { allowFailure: true });
      fs.rmSync(path.join(this.programDir, `Pulumi.${this.stack}.yaml`), { force: true });
    }
    if (!opts.keep && !process.env.E2E_KEEP) fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** A diagnostic event of `pulumi up --event-log` (a line the plugin logged, an ephemeral status line...). */
export interface DiagnosticEvent {
  urn?: string;
  message: string;
  severity: string;
  ephemeral?: boolean;
}

/**
 * The diagnostic events in an event log. After the command: the log must exist and every line parse.
 * `whileWriting` (the command still runs): no log yet is no event, and a last line still being written is left out.
 */
export function diagnostics(eventLog: string, opts: { whileWriting?: boolean } = {}): DiagnosticEvent[] {
  if (opts.whileWriting && !fs.existsSync(eventLog)) return [];
  const out: DiagnosticEvent[] = [];
  for (const line of fs.readFileSync(eventLog, "utf8").split("\n")) {
    if (!line.trim()) continue;
    let event: { diagnosticEvent?: DiagnosticEvent };
    try {
      event = JSON.parse(line);
    } catch (e) {
      if (opts.whileWriting) continue;
      throw e;
    }
    if (event.diagnosticEvent) out.push(event.diagnosticEvent);
  }
  return out;
}

/** Copy a program directory, leaving out node_modules, stack config files and build output. */
export function copyProgram(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "bin" || /^Pulumi\..+\.yaml$/.test(entry.name)) continue;
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyProgram(src, dst);
    else if (entry.isFile()) fs.copyFileSync(src, dst);
  }
}

/** The last `max` characters of a text. */
export function tail(text: string, max: number): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}

/** Read a stack output JSON printed somewhere inside a larger text (the demo prints it between markers). */
export function extractJson(text: string, startMarker: string, endMarker: string): any {
  const a = text.indexOf(startMarker);
  const b = text.indexOf(endMarker, a + startMarker.length);
  if (a < 0 || b < 0) throw new Error(`markers ${startMarker}/${endMarker} not found in:\n${tail(text, 3000)}`);
  return JSON.parse(text.slice(a + startMarker.length, b));
}
