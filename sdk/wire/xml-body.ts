/**
 * XML replies -> the same plain shape as JSON ones (fast-xml-parser with `isArray` for the array fields, so a
 * one-element XML array stays an array, and with value parsing off, so XML numbers stay strings and take the same
 * path through the schemas as JSON's).
 */
import { XMLParser } from "fast-xml-parser";

/** Element names whose content is always an array, whatever the count of elements. */
export const XML_ARRAY_TAGS: ReadonlySet<string> = new Set([
  "Detail",
  "StructureInitializationDetails",
  "DataInitializationDetails",
  "DataSynchronizationDetails",
  "Constraints",
  "SynchronizationObjects",
  "TableIncludes",
  "TableExcludes",
  // The DtsJob family (dts-job-schemas.ts).
  "SubSyncJob",
  "JobProgress",
  // DescribeDtsJobs (dts-job-list-schemas.ts).
  "DtsJobList",
]);

const xmlParser = new XMLParser({
  // XML numbers stay strings and go through the same schema as JSON strings ("" stays "" and is rejected).
  parseTagValue: false,
  // Text is kept exactly (an ObjectDefinition ends with "\n" in JSON too); indentation is removed by dropIndentation.
  trimValues: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  isArray: (tagName) => XML_ARRAY_TAGS.has(tagName),
});

/** Reply fields that hold an object: a fragment made of only one of them is not a root element. */
const STRUCT_FIELDS: ReadonlySet<string> = new Set([
  ...XML_ARRAY_TAGS,
  "PrecheckStatus",
  "StructureInitializationStatus",
  "DataInitializationStatus",
  "DataSynchronizationStatus",
]);

/**
 * Parses an XML reply into the same plain shape as the JSON one. A single root element (`<XxxResponse>`,
 * `<Error>`) is removed; a root-less fragment (as in the DescribeSynchronizationObjectModifyStatus page) is taken
 * as is.
 *
 * @example
 * ```ts
 * parseXmlBody("<R><RequestId>1</RequestId></R>") // { RequestId: "1" }
 * ```
 */
export function parseXmlBody(xml: string): Record<string, unknown> {
  const doc = dropIndentation(xmlParser.parse(xml)) as Record<string, unknown>;
  const keys = Object.keys(doc);
  if (keys.length === 1) {
    const only = doc[keys[0]!];
    if (!STRUCT_FIELDS.has(keys[0]!) && typeof only === "object" && only !== null && !Array.isArray(only)) {
      return only as Record<string, unknown>;
    }
  }
  return doc;
}

/**
 * With `trimValues: false` the parser keeps the whitespace between elements: as a `#text` key next to child
 * elements, or as the whole value of an element that only holds indentation. Both are layout, not data.
 */
function dropIndentation(value: unknown): unknown {
  if (typeof value === "string") return /^\s*$/.test(value) && value.includes("\n") ? "" : value;
  if (Array.isArray(value)) return value.map(dropIndentation);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === "#text" && typeof child === "string" && /^\s*$/.test(child)) continue;
      out[key] = dropIndentation(child);
    }
    return out;
  }
  return value;
}

/** A reply body given as text: XML when it starts with `<`, else JSON. */
export function parseBodyText(text: string): unknown {
  const trimmed = text.trimStart();
  return trimmed.startsWith("<") ? parseXmlBody(trimmed) : JSON.parse(trimmed);
}
