/**
 * One response object -> the wire body, in JSON or XML, as the Alibaba Cloud POP gateway writes it.
 *
 * - JSON: the object as is (string-typed numbers stay strings; `Success` is the boolean `true`, as in the seeds).
 * - XML: `<?xml ...?>` then `<{Action}Response>` as the root (`<Error>` for errors); arrays become repeated
 *   elements with the array's name (`<Detail>...</Detail><Detail>...</Detail>`), as in the seed examples; an
 *   empty array writes nothing; `undefined` fields are left out.
 */
import { XMLBuilder } from "fast-xml-parser";
import { compact } from "../sdk/compact";

/** Response format, from the `Format` common parameter. */
export type ResponseFormat = "JSON" | "XML";

/** A rendered body with its content type. */
export interface RenderedBody {
  body: string;
  contentType: string;
}

const builder = new XMLBuilder({ format: true, indentBy: "  ", suppressEmptyNode: false });

/**
 * Render one response.
 * @param rootName the XML root element, e.g. `DescribeInitializationStatusResponse` or `Error`.
 */
export function render(payload: Record<string, unknown>, format: ResponseFormat, rootName: string): RenderedBody {
  // Drop `undefined` fields at any depth, so both formats leave them out.
  const cleaned = compact(payload);
  if (format === "XML") {
    const xml = builder.build({ [rootName]: cleaned }) as string;
    return { body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`, contentType: "text/xml;charset=utf-8" };
  }
  return { body: JSON.stringify(cleaned), contentType: "application/json;charset=utf-8" };
}

/** The XML root for an action's success response: `${action}Response`. */
export function responseRoot(action: string): string {
  return `${action}Response`;
}
