/**
 * The JSON-text inputs of the native schema: `synchronizationObjectsJson` and `dbListJson` hold the API's JSON text
 * of `synchronizationObjects` and `dbList`, which the schema types as a list and a map. A schema union of the two
 * (`oneOf: [string, array]`) is what Pulumi's Python runtime cannot serialize (it asserts on the list arm) and what
 * Pulumi YAML type-checks against one arm only, hence two inputs.
 *
 * The shared implementation (the same one the TypeScript dynamic resources call) accepts either form under the
 * typed name and stores one canonical form; so the text input is renamed to the typed one at the gRPC boundary,
 * before `check`, still wrapped (a secret stays a secret under its new name). Stored state therefore holds only the
 * typed name: a stack created with the text form and updated with the typed form, same objects, sees no change.
 * Failures about the renamed value name the input the program wrote.
 */
import type { CheckFailure } from "../shared/inputs";
import { DTS_JOB_RESOURCE_TOKEN } from "./dts-job-schema";
import { RESOURCE_TOKEN } from "./schema";
import { unwrapValue } from "./wire";

/** A typed input and the input holding its JSON text. */
export interface TextForm {
  readonly typed: string;
  readonly text: string;
  /** A short example of the text, for messages. */
  readonly example: string;
}

/** The text form of each resource type's typed input. */
export const TEXT_FORMS: Readonly<Record<string, TextForm>> = {
  [RESOURCE_TOKEN]: { typed: "synchronizationObjects", text: "synchronizationObjectsJson", example: '\'[{"DBName":"db1"}]\'' },
  [DTS_JOB_RESOURCE_TOKEN]: { typed: "dbList", text: "dbListJson", example: '\'{"db1":{"name":"db1","all":true}}\'' },
};

const given = (value: unknown) => value !== undefined && value !== null;

/** What {@link fromTextForm} returns. */
export interface TextFormResult {
  /** `news` with the text input renamed to the typed one (values untouched, still wrapped). */
  news: Record<string, unknown>;
  /** True when the value came from the text input. */
  fromText: boolean;
  failures: CheckFailure[];
}

/** Renames `form.text` to `form.typed` in `news`; both given, or a text that is not a string, is a failure. */
export function fromTextForm(form: TextForm, news: Record<string, unknown>): TextFormResult {
  const text = news[form.text];
  if (!given(text)) {
    const { [form.text]: _absent, ...rest } = news;
    return { news: rest, fromText: false, failures: [] };
  }
  if (given(news[form.typed])) {
    return {
      news,
      fromText: false,
      failures: [
        {
          property: form.text,
          reason: `cannot be given together with ${form.typed}: pass the objects once, either as ${form.typed} or as the API's JSON text in ${form.text}`,
        },
      ],
    };
  }
  if (typeof unwrapValue(text) !== "string") {
    return {
      news,
      fromText: false,
      failures: [
        { property: form.text, reason: `expected the API's JSON text as a string, e.g. ${form.example}; to write the objects themselves, use ${form.typed}` },
      ],
    };
  }
  const { [form.text]: value, ...rest } = news;
  return { news: { ...rest, [form.typed]: value }, fromText: true, failures: [] };
}

/**
 * The shared check's failures as the program wrote its inputs: a failure about the typed input names the text
 * input when the value came from there; "is required" also names the text form.
 */
export function nameTextForm(form: TextForm, fromText: boolean, failures: readonly CheckFailure[]): CheckFailure[] {
  return failures.map((failure) => {
    const about = failure.property === form.typed || failure.property.startsWith(`${form.typed}.`) || failure.property.startsWith(`${form.typed}[`);
    if (!about) return failure;
    if (fromText) return { ...failure, property: form.text + failure.property.slice(form.typed.length) };
    if (failure.property === form.typed && failure.reason.startsWith("is required")) {
      return { ...failure, reason: `${failure.reason}; or pass the API's JSON text as ${form.text}` };
    }
    return failure;
  });
}

/**
 * The inputs of an import (`pulumi import`) with a typed input held as text (the stored `dbList`) moved to the
 * text input: the engine generates the program's code from these inputs against the schema, and text under the
 * map-typed name fails that code generation (the command then exits non-zero). `check` moves it back.
 */
export function toTextForm(form: TextForm, inputs: Record<string, unknown>): Record<string, unknown> {
  if (typeof inputs[form.typed] !== "string") return inputs;
  const { [form.typed]: text, ...rest } = inputs;
  return { ...rest, [form.text]: text };
}
