/** The small builders of Pulumi schema fragments both resources' schemas use. */

export type Spec = Record<string, unknown>;

export const str = (description: string, extra: Spec = {}): Spec => ({ type: "string", description, ...extra });
export const num = (description: string): Spec => ({ type: "number", description });
export const int = (description: string): Spec => ({ type: "integer", description });
export const bool = (description: string): Spec => ({ type: "boolean", description });
export const ref = (type: string, description: string): Spec => ({ $ref: `#/types/dts:index:${type}`, description });
export const arrayOf = (type: string, description: string): Spec => ({ type: "array", items: { $ref: `#/types/dts:index:${type}` }, description });
/** A map (string keys, e.g. database names) of an object type. */
export const mapOf = (type: string, description: string): Spec => ({
  type: "object",
  additionalProperties: { $ref: `#/types/dts:index:${type}` },
  description,
});
