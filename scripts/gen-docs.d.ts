// Types for scripts/gen-docs.js (used by tests/docs/).

/** A property of the schema (`type`, `$ref`, `items`, `oneOf`, `description`, `secret`, ...). */
export type PropertySpec = { [key: string]: unknown; description?: string; type?: string };
export type Schema = {
  resources: Record<
    string,
    {
      description?: string;
      inputProperties?: Record<string, PropertySpec>;
      properties?: Record<string, PropertySpec>;
      requiredInputs?: string[];
      required?: string[];
    }
  >;
  types?: Record<string, { description?: string; properties?: Record<string, PropertySpec>; required?: string[] }>;
  [key: string]: unknown;
};
export interface ExpectedPage {
  /** The page's file name under docs/. */
  page: string;
  /** The resource token. */
  token: string;
  expected: string;
  /** The page as it is; undefined when missing. */
  actual: string | undefined;
}
export declare const SECTIONS: readonly string[];
export declare function loadSchema(root?: string): Schema;
export declare function expectedPages(schema: Schema, read: (page: string) => string | undefined): ExpectedPage[];
export declare function renderSections(schema: Schema, token: string): Record<string, string>;
export declare function pageOf(token: string): string;
export declare function typeText(spec: unknown): string;
export declare function snake(name: string): string;
