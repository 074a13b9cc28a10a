/** SynchronizationObjects: typed <-> wire JSON, strict input with errors that name the path and the fix. */
import { type DtsInputError, isDtsInputError } from "../../sdk/errors/errors";
import { parseSynchronizationObjects, serializeSynchronizationObjects } from "../../sdk/wire/sync-job-objects";
import type { SynchronizationDatabase } from "../../sdk/types";

function inputError(fn: () => unknown): DtsInputError {
  try {
    fn();
  } catch (e) {
    if (isDtsInputError(e)) return e;
    throw e;
  }
  throw new Error("no DtsInputError thrown");
}

describe("serializeSynchronizationObjects", () => {
  it("writes the wire format of the API sample", () => {
    const dbs: SynchronizationDatabase[] = [
      { dbName: "db", newDbName: "db", tableIncludes: [{ tableName: "t", newTableName: "t" }] },
      { dbName: "other", tableExcludes: [{ tableName: "x" }] },
    ];
    expect(serializeSynchronizationObjects(dbs)).toBe(
      '[{"DBName":"db","NewDBName":"db","TableIncludes":[{"TableName":"t","NewTableName":"t"}]},{"DBName":"other","TableExcludes":[{"TableName":"x"}]}]',
    );
  });

  it("sends only the names that were given", () => {
    expect(serializeSynchronizationObjects([{ dbName: "dtstestdata" }])).toBe('[{"DBName":"dtstestdata"}]');
  });

  it("round-trips through parse", () => {
    const dbs: SynchronizationDatabase[] = [{ dbName: "a", newDbName: "b", tableIncludes: [{ tableName: "t1" }, { tableName: "t2", newTableName: "t3" }] }];
    expect(parseSynchronizationObjects(serializeSynchronizationObjects(dbs))).toEqual(dbs);
  });

  it.each([
    [[{ dbName: "db", tableIncludes: [{ tableName: "a" }, { tableName: "" }] }], "synchronizationObjects[0].tableIncludes[1].tableName", /must not be empty/],
    [
      [{ dbName: "db", tableIncludes: [{ tableName: "a" }, { tablename: "b" }] }],
      "synchronizationObjects[0].tableIncludes[1].tablename",
      /unknown key "tablename" \(did you mean "tableName"\?\)/,
    ],
    [[{ dbname: "db" }], "synchronizationObjects[0].dbname", /did you mean "dbName"/],
    [[{ newDbName: "db" }], "synchronizationObjects[0].dbName", /expected the source database name/],
    [[], "synchronizationObjects", /at least one database/],
    [[{ dbName: "db" }, { dbName: "db" }], "synchronizationObjects[1].dbName", /listed twice/],
    [[{ dbName: "db", tableIncludes: [] }], "synchronizationObjects[0].tableIncludes", /omit it to sync the whole database/],
    [
      [{ dbName: "db", tableIncludes: [{ tableName: "a" }], tableExcludes: [{ tableName: "b" }] }],
      "synchronizationObjects[0].tableExcludes",
      /only when the whole database/,
    ],
    [[{ dbName: 42 }], "synchronizationObjects[0].dbName", /as a string/],
  ])("rejects %j at %s", (input, field, problem) => {
    const e = inputError(() => serializeSynchronizationObjects(input as SynchronizationDatabase[]));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(problem);
    expect(e.message).toContain(field);
    expect(e.fix.length).toBeGreaterThan(0);
    expect(e.message).toContain("Fix:");
  });
});

describe("parseSynchronizationObjects", () => {
  it("reads the documented samples", () => {
    expect(parseSynchronizationObjects('[{"DBName": "dtstestdata"}]')).toEqual([{ dbName: "dtstestdata" }]);
    expect(parseSynchronizationObjects('[{"DBName":"db","NewDBName":"db","TableIncludes":[{"TableName":"t2","NewTableName":"t2"}]}]')).toEqual([
      { dbName: "db", newDbName: "db", tableIncludes: [{ tableName: "t2", newTableName: "t2" }] },
    ]);
  });

  it("rejects invalid JSON with the fix", () => {
    const e = inputError(() => parseSynchronizationObjects("[{DBName: db}]"));
    expect(e.field).toBe("synchronizationObjects");
    expect(e.message).toMatch(/not valid JSON/);
    expect(e.fix).toContain('"DBName"');
  });

  it("names wire paths and misspelt keys", () => {
    expect(inputError(() => parseSynchronizationObjects('[{"DBName":"db","TableIncludes":[{"TableName":""}]}]')).field).toBe(
      "synchronizationObjects[0].TableIncludes[0].TableName",
    );
    const e = inputError(() => parseSynchronizationObjects('[{"DbName":"db"}]'));
    expect(e.field).toBe("synchronizationObjects[0].DbName");
    expect(e.message).toContain('did you mean "DBName"');
    expect(inputError(() => parseSynchronizationObjects('{"DBName":"db"}')).message).toMatch(/JSON array/);
  });

  it("uses the given root in paths", () => {
    expect(inputError(() => parseSynchronizationObjects("[]", "args.synchronizationObjects")).field).toBe("args.synchronizationObjects");
  });
});
