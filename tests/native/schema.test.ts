/**
 * The hand-written schema of the native provider (provider/native/schema.ts) against the sources it was written
 * from: the same inputs, outputs and config keys as the dynamic resource, each object type with the members and
 * optionality of its TypeScript interface, secrets marked, no logoUrl (the .NET generator would fetch it).
 */
import * as path from "node:path";
import { CONFIG_KEYS } from "../../provider/synchronization-object-modification/impl";
import { INPUT_KEYS } from "../../provider/synchronization-object-modification/inputs";
import { buildSchema, RESOURCE_TOKEN } from "../../provider/native/schema";
import { STATUS_OUTPUT_KEYS } from "../../sdk/reports/sync-job-outputs";
import { DTS_JOB_INPUT_KEYS } from "../../provider/dts-job-modification/inputs";
import { DTS_JOB_OUTPUT_KEYS } from "../../provider/dts-job-modification/impl";
import { DTS_JOB_RESOURCE_TOKEN } from "../../provider/native/dts-job-schema";
import { TEXT_FORMS } from "../../provider/native/json-inputs";
import { locate, membersOf, TYPE_INTERFACES } from "../../scripts/gen-tsdoc";

const ROOT = path.resolve(__dirname, "..", "..");
const schema = buildSchema("1.2.3") as any;
const resource = schema.resources[RESOURCE_TOKEN];

/**
 * Members of the interface `name`, declared in `file`, with those it inherits (`extends`, e.g. the shared
 * `ModificationArgs`): name -> optional?. Found as scripts/gen-tsdoc.js finds the declarations it writes.
 */
function members(file: string, name: string): Map<string, boolean> {
  expect(locate("interface", name, ROOT)).toBe(file);
  return new Map([...membersOf("interface", name, ROOT)].map(([member, { optional }]) => [member, optional]));
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

test("the resource's inputs are the dynamic resource's user inputs plus the JSON-text form of synchronizationObjects, with descriptions", () => {
  expect(sorted(Object.keys(resource.inputProperties))).toEqual(sorted([...INPUT_KEYS, "synchronizationObjectsJson"]));
  expect(sorted(members("provider/synchronization-object-modification/types.ts", "SynchronizationObjectModificationArgs").keys())).toEqual(sorted(INPUT_KEYS));
  expect(resource.requiredInputs).toEqual(["synchronizationJobId"]);
  for (const [key, spec] of Object.entries<any>(resource.inputProperties)) expect([key, typeof spec.description]).toEqual([key, "string"]);
});

test("the resource's outputs are the stored inputs plus the status outputs", () => {
  expect(sorted(Object.keys(resource.properties))).toEqual(sorted([...INPUT_KEYS, ...STATUS_OUTPUT_KEYS]));
  const status = members("sdk/reports/sync-job-outputs.ts", "ModificationStatusOutputs");
  const requiredStatus = [...status].filter(([, optional]) => !optional).map(([k]) => k);
  expect(sorted(resource.required)).toEqual(sorted(["synchronizationJobId", ...requiredStatus]));
});

test("DtsJobModification: inputs are the dynamic resource's args plus the JSON-text form of dbList, outputs the stored inputs plus the DtsJob status document", () => {
  const dtsJob = schema.resources[DTS_JOB_RESOURCE_TOKEN];
  expect(sorted(Object.keys(dtsJob.inputProperties))).toEqual(sorted([...DTS_JOB_INPUT_KEYS, "dbListJson"]));
  expect(sorted(members("provider/dts-job-modification/types.ts", "DtsJobModificationArgs").keys())).toEqual(sorted(DTS_JOB_INPUT_KEYS));
  expect(dtsJob.requiredInputs).toEqual(["dtsJobId"]);
  expect(sorted(Object.keys(dtsJob.properties))).toEqual(sorted([...DTS_JOB_INPUT_KEYS, ...DTS_JOB_OUTPUT_KEYS]));
  const status = members("sdk/reports/dts-job-outputs.ts", "DtsJobStatusOutputs");
  const requiredStatus = [...status].filter(([, optional]) => !optional).map(([k]) => k);
  expect(sorted(dtsJob.required)).toEqual(sorted(["dtsJobId", "change", ...requiredStatus]));
  for (const spec of Object.values<any>(dtsJob.properties)) expect(spec.description).toEqual(expect.any(String));
});

test("natural types: each typed input has its JSON text beside it, no input is a union (Pulumi's Python runtime asserts on one), the stored outputs are the typed forms", () => {
  for (const [token, form] of Object.entries(TEXT_FORMS)) {
    const spec = schema.resources[token];
    expect(spec.inputProperties[form.text]).toEqual(expect.objectContaining({ type: "string" }));
    expect(spec.properties[form.text]).toBeUndefined();
    for (const [key, prop] of Object.entries<any>(spec.inputProperties)) expect({ key, oneOf: prop.oneOf }).toEqual({ key, oneOf: undefined });
  }
  expect(resource.inputProperties.synchronizationObjects).toEqual(
    expect.objectContaining({ type: "array", items: { $ref: "#/types/dts:index:SynchronizationDatabase" } }),
  );
  const dtsJob = schema.resources[DTS_JOB_RESOURCE_TOKEN];
  expect(dtsJob.inputProperties.dbList).toEqual(
    expect.objectContaining({ type: "object", additionalProperties: { $ref: "#/types/dts:index:DbListDatabase" } }),
  );
  expect(schema.types["dts:index:DbListDatabase"].properties.Table).toEqual(
    expect.objectContaining({ additionalProperties: { $ref: "#/types/dts:index:DbListTable" } }),
  );
  // Stored as canonical JSON text (what existing stacks hold), so the output stays a string.
  expect(dtsJob.properties.dbList).toEqual(expect.objectContaining({ type: "string" }));
  expect(JSON.stringify(schema)).not.toContain('"oneOf"');
});

/**
 * Each object type with the TypeScript interface that mirrors it: the one table of scripts/gen-tsdoc.js (which also
 * writes the interfaces' doc comments from the schema), located wherever the interface is declared. Covered: the 13
 * types this table listed by hand, plus the initialization resources' four; ExcludedTable has no interface (inline).
 */
const MIRRORED_TYPES = Object.entries(TYPE_INTERFACES).flatMap(([token, mirror]) =>
  typeof mirror === "string" ? [[token, locate("interface", mirror, ROOT), mirror] as const] : [],
);

test("every object type of the schema is mirrored by an interface, or says why not", () => {
  expect(sorted(Object.keys(TYPE_INTERFACES))).toEqual(sorted(Object.keys(schema.types)));
  expect(MIRRORED_TYPES.length).toBeGreaterThanOrEqual(17);
});

test.each(MIRRORED_TYPES)("%s has the members and optionality of %s %s", (token, file, name) => {
  const type = schema.types[token];
  const tsMembers = members(file, name);
  expect(sorted(Object.keys(type.properties))).toEqual(sorted(tsMembers.keys()));
  const required = [...tsMembers].filter(([, optional]) => !optional).map(([k]) => k);
  expect(sorted(type.required ?? [])).toEqual(sorted(required));
  for (const spec of Object.values<any>(type.properties)) expect(spec.description).toEqual(expect.any(String));
});

test("config keys are the dynamic provider's dts:* keys, also the explicit provider's inputs; secrets marked", () => {
  const names = Object.values(CONFIG_KEYS).map((k) => k.replace(/^dts:/, ""));
  expect(sorted(Object.keys(schema.config.variables))).toEqual(sorted(names));
  expect(schema.provider.inputProperties).toEqual(schema.config.variables);
  const secrets = Object.entries<any>(schema.config.variables)
    .filter(([, v]) => v.secret)
    .map(([k]) => k);
  expect(sorted(secrets)).toEqual(["accessKeySecret", "securityToken"]);
});

test("every $ref resolves; no logoUrl; the version is the one given", () => {
  const refs = JSON.stringify(schema).match(/#\/types\/[^"]+/g) ?? [];
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) expect(schema.types[ref.slice("#/types/".length)]).toBeDefined();
  expect(schema.logoUrl).toBeUndefined();
  expect(schema.version).toBe("1.2.3");
});
