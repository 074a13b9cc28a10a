import { JSONbig } from "../support/json-bigint";
import {
  DescribeInitializationStatusResponse,
  DescribeSynchronizationObjectModifyStatusResponse,
  ModifySynchronizationObjectResponse,
  WireBoolean,
  WireNumber,
  parseXmlBody,
} from "../../sdk/wire/schemas";
import { decodeResponse, safeDecodeResponse } from "../../sdk/wire/decode";
import { DtsApiError, type DtsResponseParseError, DtsServerError, isDtsResponseParseError } from "../../sdk/errors/errors";
import { PRECHECK_ITEM_NAMES } from "../../sdk/types";
import { INIT_STATUS_JSON, INIT_STATUS_XML, MODIFY_STATUS_JSON, MODIFY_STATUS_XML } from "../support/seeds";

describe("DescribeSynchronizationObjectModifyStatus seed examples", () => {
  const fromJson = decodeResponse("DescribeSynchronizationObjectModifyStatus", JSON.parse(MODIFY_STATUS_JSON));
  const fromXml = decodeResponse("DescribeSynchronizationObjectModifyStatus", MODIFY_STATUS_XML);

  it("maps the JSON example to the typed model", () => {
    expect(fromJson.requestId).toBe("0C3D6348-79D8-43F8-9788-60C30CCC****");
    expect(fromJson.status).toBe("Migrating");
    expect(fromJson.precheck.status).toBe("Finished");
    expect(fromJson.precheck.percent).toBe(100);
    expect(fromJson.precheck.items.map((i) => i.itemName)).toEqual([...PRECHECK_ITEM_NAMES]);
    expect(fromJson.precheck.items.every((i) => i.checkStatus === "Success")).toBe(true);
    expect(fromJson.structureInitialization).toEqual({ status: "Finished", percent: 100, progress: 0 });
    expect(fromJson.dataInitialization).toEqual({ status: "Finished", percent: 100, progress: 0 });
    expect(fromJson.dataSynchronization).toBeUndefined();
  });

  it("maps the root-less XML fragment to the same model as the JSON", () => {
    expect(fromXml).toEqual(fromJson);
  });

  it("parses numbers from the field table's examples (39754, 100)", () => {
    const s = DescribeSynchronizationObjectModifyStatusResponse.parse({
      RequestId: "B38C644B-4395-4F6F-86E3-592F26BE****",
      Status: "Finished",
      DataInitializationStatus: {
        Status: "Finished",
        Percent: "100",
        Progress: "39754",
        ErrorMessage: 'java.lang.NumberFormatException: For input string: ""',
      },
      DataSynchronizationStatus: { Status: "Migrating", Delay: "0", Percent: "100", ErrorMessage: "任务失败太久 无法恢复" },
      PrecheckStatus: {
        Status: "Failed",
        Percent: "100",
        Detail: [
          { ItemName: "CHECK_CONN_SRC", CheckStatus: "Failed", ErrorMessage: "Original error: Access denied", RepairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2" },
        ],
      },
      Success: "true",
    });
    expect(s.dataInitialization).toEqual({
      status: "Finished",
      percent: 100,
      progress: 39754,
      errorMessage: 'java.lang.NumberFormatException: For input string: ""',
    });
    expect(s.dataSynchronization).toEqual({ status: "Migrating", delay: 0, percent: 100, errorMessage: "任务失败太久 无法恢复" });
    expect(s.precheck.items[0]).toEqual({
      itemName: "CHECK_CONN_SRC",
      checkStatus: "Failed",
      errorMessage: "Original error: Access denied",
      repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2",
    });
  });
});

describe("DescribeInitializationStatus seed examples", () => {
  const fromJson = decodeResponse("DescribeInitializationStatus", JSON.parse(INIT_STATUS_JSON));
  const fromXml = decodeResponse("DescribeInitializationStatus", INIT_STATUS_XML);

  it("maps the JSON example, string numbers to numbers", () => {
    expect(fromJson.requestId).toBe("150DECD9-13FF-4929-A5DE-855BE9CC****");
    expect(fromJson.dataInitializationDetails).toEqual([
      {
        sourceOwnerDbName: "dtstestdata",
        destinationOwnerDbName: "dtstestdata",
        tableName: "customer",
        status: "Finished",
        finishRowNum: 9993,
        totalRowNum: 9981,
        usedTime: 0,
      },
    ]);
    const [row] = fromJson.structureInitializationDetails;
    expect(row).toMatchObject({ objectName: "customer", objectType: "Table", status: "Finished", sourceOwnerDbName: "dtstestdata", constraints: [] });
    expect(row!.objectDefinition).toMatch(/^CREATE TABLE `dtstestdata`.`customer`/);
    expect(fromJson.dataSynchronizationDetails).toEqual([]);
  });

  it("maps the XML example (one-element arrays) to the same model", () => {
    expect(Array.isArray(fromXml.structureInitializationDetails)).toBe(true);
    expect(fromXml).toEqual(fromJson); // text kept exactly, ObjectDefinition's trailing "\n" included
    expect(fromXml.structureInitializationDetails[0]!.objectDefinition).toMatch(/;\n$/);
  });

  it("keeps one-element nested Constraints and Detail arrays as arrays", () => {
    const xml =
      "<DescribeInitializationStatusResponse><RequestId>r</RequestId><StructureInitializationDetails><ObjectName>t</ObjectName>" +
      "<Status>Finished</Status><Constraints><ObjectName>idx</ObjectName><ObjectType>Index</ObjectType><Status>Failed</Status>" +
      "<ErrorMessage>DTS-1020042 Execute sql error</ErrorMessage></Constraints></StructureInitializationDetails></DescribeInitializationStatusResponse>";
    const page = decodeResponse("DescribeInitializationStatus", xml);
    expect(page.structureInitializationDetails[0]!.constraints).toEqual([
      {
        sourceOwnerDbName: "",
        destinationOwnerDbName: "",
        objectName: "idx",
        objectType: "Index",
        status: "Failed",
        errorMessage: "DTS-1020042 Execute sql error",
        constraints: [],
      },
    ]);
    const status = decodeResponse(
      "DescribeSynchronizationObjectModifyStatus",
      "<R><RequestId>r</RequestId><PrecheckStatus><Detail><ItemName>CHECK_SRC</ItemName><CheckStatus>Success</CheckStatus></Detail></PrecheckStatus></R>",
    );
    expect(status.precheck.items).toEqual([{ itemName: "CHECK_SRC", checkStatus: "Success" }]);
  });

  it("drops indentation but keeps text exactly", () => {
    const page = decodeResponse(
      "DescribeInitializationStatus",
      "<R>\n  <RequestId>r</RequestId>\n  <DataInitializationDetails>\n    <TableName> spaced </TableName>\n    <ErrorMessage>line1\nline2\n</ErrorMessage>\n  </DataInitializationDetails>\n  <StructureInitializationDetails>\n  </StructureInitializationDetails>\n</R>",
    );
    expect(page.dataInitializationDetails[0]).toMatchObject({ tableName: " spaced ", errorMessage: "line1\nline2\n" });
    expect(page.structureInitializationDetails).toEqual([]);
  });

  it("treats empty XML array elements as empty arrays", () => {
    const page = decodeResponse(
      "DescribeInitializationStatus",
      "<DescribeInitializationStatusResponse><RequestId>r</RequestId><DataInitializationDetails/><StructureInitializationDetails></StructureInitializationDetails></DescribeInitializationStatusResponse>",
    );
    expect(page.dataInitializationDetails).toEqual([]);
    expect(page.structureInitializationDetails).toEqual([]);
  });
});

describe("edge cases", () => {
  it("fills missing arrays with [] and missing phase structs with NotStarted", () => {
    expect(DescribeInitializationStatusResponse.parse({ RequestId: "r" })).toEqual({
      requestId: "r",
      structureInitializationDetails: [],
      dataInitializationDetails: [],
      dataSynchronizationDetails: [],
    });
    const s = DescribeSynchronizationObjectModifyStatusResponse.parse({ RequestId: "r", Status: "NotStarted" });
    expect(s.precheck).toEqual({ status: "NotStarted", percent: 0, items: [] });
    expect(s.structureInitialization).toEqual({ status: "NotStarted", percent: 0, progress: 0 });
    expect(s.dataInitialization).toEqual({ status: "NotStarted", percent: 0, progress: 0 });
  });

  it("treats null like missing", () => {
    const s = DescribeSynchronizationObjectModifyStatusResponse.parse({ RequestId: "r", PrecheckStatus: null, ErrorMessage: null });
    expect(s.precheck.status).toBe("NotStarted");
    expect(s).not.toHaveProperty("errorMessage");
  });

  it("keeps unknown status strings instead of failing", () => {
    const s = DescribeSynchronizationObjectModifyStatusResponse.parse({
      RequestId: "r",
      Status: "Catching_Up",
      PrecheckStatus: { Status: "Paused", Detail: [{ ItemName: "CHECK_NEW", CheckStatus: "Skipped" }] },
    });
    expect(s.status).toBe("Catching_Up");
    expect(s.precheck.status).toBe("Paused");
    expect(s.precheck.items[0]!.checkStatus).toBe("Skipped");
  });

  it('rejects "" where a number belongs, naming the field', () => {
    const r = safeDecodeResponse("DescribeSynchronizationObjectModifyStatus", {
      RequestId: "req-1",
      StructureInitializationStatus: { Status: "Migrating", Percent: "" },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(isDtsResponseParseError(r.error)).toBe(true);
    const e = r.error as DtsResponseParseError;
    expect(e.issues.map((i) => i.path)).toEqual(["StructureInitializationStatus.Percent"]);
    expect(e.message).toContain("StructureInitializationStatus.Percent");
    expect(e.message).toContain("RequestId req-1");
    expect(e.requestId).toBe("req-1");
  });

  it('rejects "" in an XML number too (XML numbers stay strings until the schema)', () => {
    expect(() =>
      decodeResponse(
        "DescribeInitializationStatus",
        "<X><RequestId>r</RequestId><DataInitializationDetails><FinishRowNum></FinishRowNum></DataInitializationDetails></X>",
      ),
    ).toThrow(/DataInitializationDetails\[0\]\.FinishRowNum/);
  });

  it("names the path inside arrays", () => {
    const r = safeDecodeResponse("DescribeInitializationStatus", { RequestId: "r", DataInitializationDetails: [{}, { TotalRowNum: "abc" }] });
    expect(!r.ok && (r.error as DtsResponseParseError).issues[0]!.path).toBe("DataInitializationDetails[1].TotalRowNum");
  });

  it("accepts numbers, numeric strings and json-bigint BigNumbers; never coerces", () => {
    expect(WireNumber.parse(5)).toBe(5);
    expect(WireNumber.parse("0.0")).toBe(0);
    expect(WireNumber.parse("-3")).toBe(-3);
    const big = (JSONbig.parse('{"n": 12345678901234567890}') as { n: unknown }).n;
    // biome-ignore lint/correctness/noPrecisionLoss: the nearest double is the point: json-bigint kept the digits, WireNumber gives a number.
    expect(WireNumber.parse(big)).toBe(12345678901234567890);
    for (const bad of ["", " 1", "1,000", "NaN", "true", true, null, {}]) expect(WireNumber.safeParse(bad).success).toBe(false);
  });

  it("parses a json-bigint body with null-prototype objects", () => {
    const body = JSONbig.parse('{"RequestId":"r","DataInitializationDetails":[{"TableName":"t","FinishRowNum":99999999999999999999}]}');
    const page = decodeResponse("DescribeInitializationStatus", body);
    expect(page.dataInitializationDetails[0]!.finishRowNum).toBe(1e20);
  });

  it('reads Success "true"/"false"/boolean without coercion', () => {
    expect(WireBoolean.parse("true")).toBe(true);
    expect(WireBoolean.parse("false")).toBe(false);
    expect(WireBoolean.parse("False")).toBe(false);
    expect(WireBoolean.parse(true)).toBe(true);
    expect(WireBoolean.safeParse("maybe").success).toBe(false);
  });

  it("unwraps Alibaba-style array wrappers ({CheckItem: [...]})", () => {
    const s = DescribeSynchronizationObjectModifyStatusResponse.parse({
      RequestId: "r",
      PrecheckStatus: { Detail: { CheckItem: [{ ItemName: "CHECK_SRC", CheckStatus: "Success" }] } },
    });
    expect(s.precheck.items).toEqual([{ itemName: "CHECK_SRC", checkStatus: "Success" }]);
  });

  it("requires RequestId", () => {
    const r = safeDecodeResponse("DescribeInitializationStatus", {});
    expect(!r.ok && (r.error as DtsResponseParseError).issues[0]!.path).toBe("RequestId");
  });

  it("parses the ModifySynchronizationObject reply", () => {
    expect(ModifySynchronizationObjectResponse.parse({ TaskId: "k71r16fj13g****", RequestId: "r", Success: "true" })).toEqual({
      taskId: "k71r16fj13g****",
      requestId: "r",
    });
    expect(safeDecodeResponse("ModifySynchronizationObject", { RequestId: "r", Success: true }).ok).toBe(false);
  });
});

describe("API errors in bodies", () => {
  it('turns Success:"false" with ErrCode/ErrMessage into a typed error', () => {
    const body = {
      RequestId: "150DECD9",
      Success: "false",
      ErrCode: "InternalError",
      ErrMessage: "The request processing has failed due to some unknown error.",
    };
    const r = safeDecodeResponse("DescribeInitializationStatus", body, { httpStatus: 200 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(DtsServerError);
    expect(r.error).toMatchObject({ code: "InternalError", requestId: "150DECD9", httpStatus: 200, retryable: true, action: "DescribeInitializationStatus" });
    expect(r.error.message).toContain("The request processing has failed");
  });

  it("turns Success:false with a client error code into a non-retryable DtsApiError", () => {
    const r = safeDecodeResponse("ModifySynchronizationObject", { RequestId: "r", Success: false, ErrCode: "InvalidParameter", ErrMessage: "bad" });
    expect(!r.ok && r.error).toBeInstanceOf(DtsApiError);
    expect(!r.ok && r.error.retryable).toBe(false);
  });

  it("reads XML error bodies", () => {
    expect(() =>
      decodeResponse(
        "DescribeInitializationStatus",
        "<Error><RequestId>r</RequestId><Code>Throttling.User</Code><Message>Request was denied due to user flow control.</Message></Error>",
      ),
    ).toThrow(expect.objectContaining({ name: "DtsThrottlingError", code: "Throttling.User", requestId: "r" }));
  });

  it("reports a body that is neither JSON nor XML", () => {
    const r = safeDecodeResponse("DescribeInitializationStatus", "not json");
    expect(!r.ok && r.error.name).toBe("DtsResponseParseError");
  });

  it("parseXmlBody leaves a root-less fragment as is", () => {
    expect(parseXmlBody("<Status>Migrating</Status><RequestId>x</RequestId>")).toEqual({ Status: "Migrating", RequestId: "x" });
  });
});
