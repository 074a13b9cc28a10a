/**
 * The exported API of every entry point is what the committed report says: a name dropped, renamed or turned from a
 * value into a type fails here. Regenerate the report on purpose: `UPDATE_API_SURFACE=1 npx jest tests/matrix/api-surface`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { apiSurface, ENTRY_POINTS } from "../support/api-surface";

const root = join(__dirname, "..", "..");
const reportFile = join(__dirname, "api-surface.json");

describe("exported API", () => {
  const actual = apiSurface(root);
  if (process.env.UPDATE_API_SURFACE === "1") writeFileSync(reportFile, `${JSON.stringify(actual, null, 2)}\n`);
  const expected = JSON.parse(readFileSync(reportFile, "utf8")) as Record<string, string[]>;

  it.each(Object.keys(ENTRY_POINTS))("entry point %s exports the names in api-surface.json", (entry) => {
    expect(actual[entry]).toEqual(expected[entry]);
  });

  it("the report covers exactly the entry points", () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(ENTRY_POINTS).sort());
  });
});
