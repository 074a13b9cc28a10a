/** Rendering and parameter reading, without HTTP. */
import { XMLParser } from "fast-xml-parser";
import { render, responseRoot } from "../../emulator/render";
import { readParams, readFormat, NonceStore, parseTimestamp } from "../../emulator/protocol";
import { hash32, idFrom } from "../../emulator/random";

describe("render", () => {
  const payload = {
    Status: "Finished",
    Text: "a < b & 'c' \"d\"\nline two",
    Items: [{ Name: "x", Sub: [{ V: "1" }, { V: "2" }] }, { Name: "y" }],
    Empty: [],
    Missing: undefined,
    Success: true,
  };

  test("JSON keeps order and strings, drops undefined", () => {
    const r = render(payload, "JSON", "XResponse");
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.body).toBe(JSON.stringify({ Status: "Finished", Text: payload.Text, Items: payload.Items, Empty: [], Success: true }));
  });

  test("XML: declaration, root, repeated elements, escaping round-trips", () => {
    const r = render(payload, "XML", responseRoot("Describe"));
    expect(r.contentType).toMatch(/^text\/xml/);
    expect(r.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<DescribeResponse>')).toBe(true);
    expect(r.body).not.toContain("<Empty");
    expect(r.body).not.toContain("<Missing");
    expect(r.body.match(/<Items>/g)).toHaveLength(2);
    const back = new XMLParser({ parseTagValue: false, processEntities: true, isArray: (n) => n === "Items" || n === "Sub" }).parse(r.body).DescribeResponse;
    expect(back.Text).toBe(payload.Text);
    expect(back.Items).toEqual([{ Name: "x", Sub: [{ V: "1" }, { V: "2" }] }, { Name: "y" }]);
    expect(back.Success).toBe("true");
  });
});

describe("protocol helpers", () => {
  test("readParams merges query and form body (body wins), ignores non-form bodies", () => {
    expect(readParams("/?a=1&b=2", "b=3&c=%20x", "application/x-www-form-urlencoded; charset=UTF-8")).toEqual({ a: "1", b: "3", c: " x" });
    expect(readParams("/?a=1", '{"b":2}', "application/json")).toEqual({ a: "1" });
    expect(readParams("/", "", undefined)).toEqual({});
  });

  test("readFormat defaults to XML", () => {
    expect(readFormat({})).toBe("XML");
    expect(readFormat({ Format: "json" })).toBe("JSON");
    expect(() => readFormat({ Format: "csv" })).toThrow(/Format/);
  });

  test("NonceStore forgets nonces after the window", () => {
    const s = new NonceStore();
    expect(s.use("k", "n", 0)).toBe(true);
    expect(s.use("k", "n", 1000)).toBe(false);
    expect(s.use("other", "n", 1000)).toBe(true);
    expect(s.use("k", "n", 16 * 60 * 1000)).toBe(true);
    s.use("k", "m", 40 * 60 * 1000); // sweeps expired entries
    expect(s.size).toBeLessThanOrEqual(2);
  });

  test("parseTimestamp accepts the RPC format only", () => {
    expect(parseTimestamp("2025-01-01T00:00:00Z")).toBe(Date.UTC(2025, 0, 1));
    expect(parseTimestamp("2025-01-01T00:00:00.123Z")).toBe(Date.UTC(2025, 0, 1) + 123);
    expect(parseTimestamp("2025-01-01 00:00:00")).toBeNaN();
    expect(parseTimestamp("2025-01-01T00:00:00+08:00")).toBeNaN();
  });
});

describe("seeded ids and hashes", () => {
  test("deterministic, seed-dependent, real-looking", () => {
    expect(hash32(1, "a", "b")).toBe(hash32(1, "a", "b"));
    expect(hash32(1, "a", "b")).not.toBe(hash32(2, "a", "b"));
    expect(hash32(1, "ab")).not.toBe(hash32(1, "a", "b"));
    const ids = new Set(Array.from({ length: 1000 }, (_, i) => idFrom(11, 1, "task", i)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]{10}$/);
  });
});
