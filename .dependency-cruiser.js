/**
 * `npm run check:deps`: no import cycles among the TypeScript sources, and the layering the package is built on.
 * - sdk/ is the shared core: it imports nothing of provider/, cli/ or emulator/.
 * - provider/ and cli/ are the two faces over sdk/: they never import each other, nor the emulator (a test double
 *   and a dev server, never part of a deployment). provider/native/ is part of the provider and may import it.
 * - emulator/ models the DTS API: it may use sdk/'s types and helpers, never a face.
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
      name: "provider-not-cli-or-emulator",
      severity: "error",
      comment: "The provider is one face: it never imports the CLI or the emulator.",
      from: { path: "^provider/" },
      to: { path: "^(cli|emulator)/" },
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
      // The one exception: provider/provider.ts loads the package by its own name at run time (the serialized
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
