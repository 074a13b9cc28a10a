/**
 * The JSON-text inputs of the native schema (`synchronizationObjectsJson`, `dbListJson`) beside the typed ones
 * (`synchronizationObjects` a list, `dbList` a map), through the native provider's `check` and `diff`, in process:
 * both forms check to the same stored inputs (so switching a stack from one to the other is no change), the text
 * form's failures name the input the program wrote, both forms at once is an error naming the fix, a secret text
 * stays secret under the stored name, an unknown text (preview) is kept unknown, the typed DbList map is checked by
 * path. The engine runs of both forms: tests/native/yaml.test.ts, python.test.ts, dts-job.test.ts.
 */
import { NativeProvider } from "../../provider/native/provider";
import { SECRET_SIG, SIG_KEY, UNKNOWN } from "../../provider/native/wire";

const provider = new NativeProvider("1.2.3");
const OBJS = "urn:pulumi:dev::proj::dts:index:SynchronizationObjectModification::objs";
const JOB = "urn:pulumi:dev::proj::dts:index:DtsJobModification::change";
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

const TYPED_OBJECTS = [{ dbName: "shop", tableIncludes: [{ tableName: "orders" }, { tableName: "customer", newTableName: "customer_v2" }] }];
const TEXT_OBJECTS = JSON.stringify([{ DBName: "shop", TableIncludes: [{ TableName: "orders" }, { TableName: "customer", NewTableName: "customer_v2" }] }]);
const TYPED_LIST = { shop: { name: "shop", all: false, Table: { orders: { name: "orders", all: true } } } };
// The same list with its keys in another order: stored canonical, so the same input.
const TEXT_LIST = '{"shop":{"Table":{"orders":{"all":true,"name":"orders"}},"name":"shop","all":false}}';

describe("synchronizationObjects / synchronizationObjectsJson", () => {
  const base = { synchronizationJobId: "dtsjob1" };

  test("the text form checks to the same stored inputs as the list: no key of the text form is stored", async () => {
    const fromText = await provider.check(OBJS, {}, { ...base, synchronizationObjectsJson: TEXT_OBJECTS });
    const fromList = await provider.check(OBJS, {}, { ...base, synchronizationObjects: TYPED_OBJECTS });
    expect(fromText.failures).toEqual([]);
    expect(fromList.failures).toEqual([]);
    expect(fromText.inputs.synchronizationObjects).toEqual(TYPED_OBJECTS);
    expect(fromText.inputs).not.toHaveProperty("synchronizationObjectsJson");
    expect(fromText.inputs).toEqual(fromList.inputs);
  });

  test("a stack created with the text form and updated with the list: same checked inputs (salt kept), no replace", async () => {
    const created = await provider.check(OBJS, {}, { ...base, synchronizationObjectsJson: TEXT_OBJECTS });
    const updated = await provider.check(OBJS, created.inputs, { ...base, synchronizationObjects: TYPED_OBJECTS });
    expect(updated.inputs).toEqual(created.inputs);
    const diff = await provider.diff("task1", OBJS, created.inputs, updated.inputs);
    expect(diff.replaces).toEqual([]);
  });

  test("a program that still passes the JSON text under synchronizationObjects (as before the split) gets the same inputs", async () => {
    const legacy = await provider.check(OBJS, {}, { ...base, synchronizationObjects: TEXT_OBJECTS });
    const fromList = await provider.check(OBJS, {}, { ...base, synchronizationObjects: TYPED_OBJECTS });
    expect(legacy.failures).toEqual([]);
    expect(legacy.inputs).toEqual(fromList.inputs);
  });

  test("both forms at once: a failure naming the text input and the fix", async () => {
    const r = await provider.check(OBJS, {}, { ...base, synchronizationObjects: TYPED_OBJECTS, synchronizationObjectsJson: TEXT_OBJECTS });
    expect(r.failures).toEqual([
      { property: "synchronizationObjectsJson", reason: expect.stringContaining("cannot be given together with synchronizationObjects") },
    ]);
  });

  test("invalid JSON text: the failure names synchronizationObjectsJson, not the stored name", async () => {
    const r = await provider.check(OBJS, {}, { ...base, synchronizationObjectsJson: "[{" });
    expect(r.failures?.length).toBeGreaterThan(0);
    for (const f of r.failures ?? []) expect(f.property).toMatch(/^synchronizationObjectsJson\b/);
    const wrongType = await provider.check(OBJS, {}, { ...base, synchronizationObjectsJson: 42 });
    expect(wrongType.failures).toEqual([{ property: "synchronizationObjectsJson", reason: expect.stringContaining("use synchronizationObjects") }]);
  });

  test("a bad list names the path inside synchronizationObjects", async () => {
    const r = await provider.check(OBJS, {}, { ...base, synchronizationObjects: [{ dbName: "shop", tableIncludes: [{ tablename: "x" }] }] });
    expect((r.failures ?? []).map((f) => f.property)).toContain("synchronizationObjects[0].tableIncludes[0].tableName");
  });

  test("neither form: required, and the message names both", async () => {
    const r = await provider.check(OBJS, {}, base);
    expect(r.failures).toEqual([{ property: "synchronizationObjects", reason: expect.stringMatching(/^is required: .*synchronizationObjectsJson$/) }]);
  });

  test("a secret text stays secret under synchronizationObjects", async () => {
    const r = await provider.check(OBJS, {}, { ...base, synchronizationObjectsJson: secret(TEXT_OBJECTS) });
    expect(r.failures).toEqual([]);
    expect(r.inputs.synchronizationObjects).toEqual(secret(TYPED_OBJECTS));
  });

  test("an unknown text (preview) is kept unknown under synchronizationObjects, not validated", async () => {
    const r = await provider.check(OBJS, {}, { ...base, synchronizationObjectsJson: UNKNOWN });
    expect(r.failures).toEqual([]);
    expect(r.inputs.synchronizationObjects).toBe(UNKNOWN);
  });
});

describe("dbList / dbListJson", () => {
  const base = { dtsJobId: "job1" };

  test("the map and its text (keys in another order) check to the same canonical text", async () => {
    const fromText = await provider.check(JOB, {}, { ...base, dbListJson: TEXT_LIST });
    const fromMap = await provider.check(JOB, {}, { ...base, dbList: TYPED_LIST });
    expect(fromMap.failures).toEqual([]);
    expect(fromText.failures).toEqual([]);
    expect(fromMap.inputs.dbList).toBe('{"shop":{"Table":{"orders":{"all":true,"name":"orders"}},"all":false,"name":"shop"}}');
    expect(fromText.inputs).toEqual(fromMap.inputs);
    expect(fromText.inputs).not.toHaveProperty("dbListJson");
  });

  test("created with the text, updated with the map: same checked inputs, no replace", async () => {
    const created = await provider.check(JOB, {}, { ...base, dbListJson: TEXT_LIST });
    const updated = await provider.check(JOB, created.inputs, { ...base, dbList: TYPED_LIST });
    expect(updated.inputs).toEqual(created.inputs);
    const diff = await provider.diff("job1", JOB, created.inputs, updated.inputs);
    expect(diff.replaces ?? []).toEqual([]);
  });

  test("old inputs stored by an import (the list under dbListJson) compare equal to the same list: the ClientToken salt is kept", async () => {
    const imported = { ...base, dbListJson: '{"shop":{"Table":{"orders":{"all":true,"name":"orders"}},"all":false,"name":"shop"}}', __tokenSalt: "5a1t" };
    const r = await provider.check(JOB, imported, { ...base, dbList: TYPED_LIST });
    expect(r.failures).toEqual([]);
    expect(r.inputs.__tokenSalt).toBe("5a1t");
    const changed = await provider.check(JOB, imported, { ...base, dbList: { other: { name: "other", all: true } } });
    expect(changed.inputs.__tokenSalt).not.toBe("5a1t");
  });

  test("the JSON text under dbList (as programs wrote it before the split) still checks to the same inputs", async () => {
    const legacy = await provider.check(JOB, {}, { ...base, dbList: TEXT_LIST });
    const fromMap = await provider.check(JOB, {}, { ...base, dbList: TYPED_LIST });
    expect(legacy.failures).toEqual([]);
    expect(legacy.inputs).toEqual(fromMap.inputs);
  });

  test("a wrong type in the map fails by path with the fix, before any other check", async () => {
    const r = await provider.check(JOB, {}, { ...base, dbList: { shop: { name: "shop", all: "yes", Table: { orders: { all: 1 } } } } });
    expect(r.failures).toEqual([
      { property: "dbList.shop.all", reason: "expected true (the whole database) or false (only the tables in Table)" },
      { property: "dbList.shop.Table.orders.all", reason: "expected true (every column) or false (only the columns in column)" },
    ]);
    const notMap = await provider.check(JOB, {}, { ...base, dbList: { shop: "all" } });
    expect(notMap.failures).toEqual([{ property: "dbList.shop", reason: 'expected a database entry such as {name: "db1", all: true}' }]);
  });

  test("keys the schema does not type pass through, as in the text", async () => {
    const extra = { shop: { name: "shop", all: true, state: "normal", custom_key: { x: 1 } } };
    const r = await provider.check(JOB, {}, { ...base, dbList: extra });
    expect(r.failures).toEqual([]);
    expect(JSON.parse(r.inputs.dbList as string)).toEqual({ shop: { name: "shop", all: true, custom_key: { x: 1 } } });
  });

  test("text failures name dbListJson; both forms, and dbListJson with waitOnly, are errors", async () => {
    const bad = await provider.check(JOB, {}, { ...base, dbListJson: "{not json" });
    expect(bad.failures).toEqual([{ property: "dbListJson", reason: expect.stringContaining("is not valid JSON") }]);
    const both = await provider.check(JOB, {}, { ...base, dbList: TYPED_LIST, dbListJson: TEXT_LIST });
    expect(both.failures).toEqual([{ property: "dbListJson", reason: expect.stringContaining("cannot be given together with dbList") }]);
    const withWait = await provider.check(JOB, {}, { ...base, dbListJson: TEXT_LIST, waitOnly: true });
    expect(withWait.failures).toEqual([{ property: "waitOnly", reason: expect.stringContaining("cannot be true together with dbList") }]);
  });

  test("neither dbList, dbListJson nor waitOnly: required, naming the text form too", async () => {
    const r = await provider.check(JOB, {}, base);
    expect(r.failures).toEqual([{ property: "dbList", reason: expect.stringMatching(/^is required unless waitOnly is true: .*dbListJson$/) }]);
  });

  test("a secret map stays secret as the stored text; a secret text too", async () => {
    const map = await provider.check(JOB, {}, { ...base, dbList: secret(TYPED_LIST) });
    expect(map.failures).toEqual([]);
    expect(map.inputs.dbList).toEqual(secret(expect.stringContaining('"shop"')));
    const text = await provider.check(JOB, {}, { ...base, dbListJson: secret(TEXT_LIST) });
    expect(text.inputs).toEqual(map.inputs);
  });
});
