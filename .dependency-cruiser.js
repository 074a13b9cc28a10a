/**
 * `npm run check:deps`: no import cycles among the TypeScript sources, and the layering the package is built on.
 * - sdk/ is the shared core: it imports nothing of provider/, cli/ or emulator/.
 * - provider/ and cli/ are the two faces over sdk/: they never import each other, nor the emulator (a test double
 *   and a dev server, never part of a deployment). provider/native/ is part of the provider and may import it.
 * - emulator/ models the DTS API: it may use sdk/'s types and helpers, never a face.
 * Inside sdk/, the rooms stack from the bottom up; a room imports only its own files and the rooms below it:
 *   sdk/*.ts (shared types, clock and sleep, input rules, compact, version; not index.ts)
 *   < errors/ (the error classes, the normalizer, the explanations, redaction)
 *   < wire/ (zod schemas of the replies, wire scalars and phases, XML bodies, decoding, the object-list format)
 *   < client/ (the client, its options and transport, credentials, retry, paging)
 *   and job/ (the decision before a write: job state, job view, object comparison) beside it, using neither;
 *   waiting/ (waiter, poller, acceptors, schedule, progress state and lines, failure messages) uses client/retry only, never the
 *   client itself nor its transport: it polls through the functions it is given;
 *   reports/ (the outputs document) on top. sdk/index.ts is the entry: nothing inside sdk/ imports it.
 * provider/ is rooms over a shared room: one folder per resource (synchronization-object-modification/,
 * dts-job-modification/, ...) imports provider/shared/ and sdk/ only, never another resource's room;
 * provider/shared/ (runtime, settings, operation, progress, input rules, wait options, the implementation interface)
 * imports no resource room; provider/native/ (the plugin) serves the rooms; provider/index.ts, the entry point, is the
 * only file at provider/'s root.
 * Type-only imports count too: a type cycle is still two modules that cannot be read one without the other.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle: split the shared part (types, constants) into a module both can import.",
      from: {},
      to: { circular: true },
    },
    {
      name: "sdk-is-the-core",
      severity: "error",
      comment: "sdk/ is shared by every face: it must not import provider/, cli/ or emulator/.",
      from: { path: "^sdk/" },
      to: { path: "^(provider|cli|emulator)/" },
    },
    {
      name: "sdk-foundation",
      severity: "error",
      comment: "sdk/*.ts (types, time, rules, compact, version) is the bottom: it imports no sdk/ room.",
      from: { path: "^sdk/[^/]+\\.ts$", pathNot: "^sdk/index\\.ts$" },
      to: { path: "^sdk/(errors|wire|client|job|waiting|reports)/" },
    },
    {
      name: "sdk-errors-bottom",
      severity: "error",
      comment: "sdk/errors/ uses only the foundation files: no wire, client, job, waiting or reports.",
      from: { path: "^sdk/errors/" },
      to: { path: "^sdk/(wire|client|job|waiting|reports)/" },
    },
    {
      name: "sdk-wire-below-client",
      severity: "error",
      comment: "sdk/wire/ (schemas and decoding) uses only errors/ and the foundation.",
      from: { path: "^sdk/wire/" },
      to: { path: "^sdk/(client|job|waiting|reports)/" },
    },
    {
      name: "sdk-client-below-waiting",
      severity: "error",
      comment: "sdk/client/ uses wire/, errors/ and the foundation: never the waiter, the job decision or the reports.",
      from: { path: "^sdk/client/" },
      to: { path: "^sdk/(job|waiting|reports)/" },
    },
    {
      name: "sdk-job-no-client",
      severity: "error",
      comment: "sdk/job/ decides from replies it is given: it uses wire/, errors/ and the foundation, no client or waiter.",
      from: { path: "^sdk/job/" },
      to: { path: "^sdk/(client|waiting|reports)/" },
    },
    {
      name: "sdk-waiting-not-transport",
      severity: "error",
      comment: "sdk/waiting/ polls through the functions it is given: of client/ it may use retry only.",
      from: { path: "^sdk/waiting/" },
      to: { path: "^sdk/(client/(?!retry\\.ts$)|job/|reports/)" },
    },
    {
      name: "sdk-index-is-the-entry",
      severity: "error",
      comment: "sdk/index.ts re-exports the rooms for the outside; inside sdk/, import the module itself.",
      from: { path: "^sdk/" },
      to: { path: "^sdk/index\\.ts$" },
    },
    {
      name: "provider-not-cli-or-emulator",
      severity: "error",
      comment: "The provider is one face: it never imports the CLI or the emulator.",
      from: { path: "^provider/" },
      to: { path: "^(cli|emulator)/" },
    },
    {
      name: "provider-room-apart",
      severity: "error",
      comment:
        "A resource room imports provider/shared/ and sdk/ only: never another resource's room, the native plugin or the entry point. Move what two rooms need into provider/shared/.",
      from: { path: "^provider/([^/]+)/", pathNot: "^provider/(shared|native)/" },
      to: { path: "^provider/", pathNot: ["^provider/$1/", "^provider/shared/"] },
    },
    {
      name: "provider-shared-no-room",
      severity: "error",
      comment: "provider/shared/ is what every resource uses: it imports no resource room, nor the native plugin or the entry point.",
      from: { path: "^provider/shared/" },
      to: { path: "^provider/", pathNot: "^provider/shared/" },
    },
    {
      name: "provider-root-is-the-entry",
      severity: "error",
      comment: "No file at provider/'s root but index.ts: put it in its resource's room, or in provider/shared/ when every resource uses it.",
      from: { path: "^provider/[^/]+$", pathNot: "^provider/index\\.ts$" },
      to: {},
    },
    {
      name: "provider-root-is-the-entry-orphan",
      severity: "error",
      comment: "No file at provider/'s root but index.ts (this one imports nothing): put it in a room.",
      from: { orphan: true, path: "^provider/[^/]+$", pathNot: "^provider/index\\.ts$" },
      to: {},
    },
    {
      name: "cli-not-provider-or-emulator",
      severity: "error",
      comment: "The CLI is one face: it never imports the provider or the emulator.",
      from: { path: "^cli/" },
      to: { path: "^(provider|emulator)/" },
    },
    {
      name: "emulator-not-a-face",
      severity: "error",
      comment: "The emulator models the DTS API: it may use sdk/, never the provider or the CLI.",
      from: { path: "^emulator/" },
      to: { path: "^(provider|cli)/" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      // The one exception: provider/synchronization-object-modification/provider.ts loads the package by its own name at run time (the serialized
      // dynamic provider must capture no module, see its header), which is provider/index.ts once installed.
      comment: "An import that resolves to nothing.",
      from: { path: "^(sdk|provider|cli|emulator|bench|scripts|tests)/" },
      to: { couldNotResolve: true, pathNot: "^pulumi-dts-objects$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|sdks)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    combinedDependencies: false,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
