/** The DtsJob family on the wire: schemas (JSON and XML), the DbList rules, and what DtsClient sends. */
import { DtsClient } from "../../sdk/client/client";
import { DtsAmbiguousModifyError, DtsInputError, DtsResponseParseError } from "../../sdk/errors/errors";
import { decodeResponse } from "../../sdk/wire/decode";
import { canonicalDbList, dbListText, sameDbList } from "../../sdk/wire/dts-job-db-list";
import { json, useTestServer } from "../support/http-test-server";

const CREDS = { accessKeyId: "LTAI-dtsjob-test", accessKeySecret: "dtsjob-secret" };

const DETAIL_JSON = {
  RequestId: "R-detail",
  Success: true,
  DtsJobId: "l3m1213ye7l****",
  DtsInstanceID: "dtsl3m1213ye7l****",
  Status: "Modifying",
  DbObject: '{"dtstest":{"name":"dtstest","all":true,"state":"normal"}}',
  SubSyncJob: [
    {
      DtsJobId: "sub1",
      Status: "Migrating",
      JobType: "subSync",
      CreateTime: "2026-12-02T10:00:00Z",
      PrecheckStatus: {
        Status: "Failed",
        Percent: "100",
        Detail: [
          {
            CheckItem: "CHECK_CONN_SRC",
            CheckItemDescription: "source connection",
            CheckResult: "Failed",
            FailedReason: "no route",
            RepairMethod: "open the whitelist",
          },
        ],
      },
      StructureInitializationStatus: { Status: "NotStarted", Percent: "0", Progress: "0" },
      DataInitializationStatus: { Status: "NotStarted", Percent: 0, Progress: "0" },
    },
  ],
};

const DETAIL_XML = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeDtsJobDetailResponse>
  <RequestId>R-xml</RequestId>
  <Status>synchronizing</Status>
  <DbObject>{"a":{"name":"a","all":true}}</DbObject>
  <SubSyncJob>
    <DtsJobId>sub9</DtsJobId>
    <Status>Finished</Status>
    <PrecheckStatus><Status>Finished</Status><Percent>100</Percent><Detail><CheckItem>CHECK_SRC</CheckItem><CheckResult>Success</CheckResult></Detail></PrecheckStatus>
    <DataInitializationStatus><Status>Finished</Status><Percent>100</Percent><Progress>12</Progress></DataInitializationStatus>
  </SubSyncJob>
</DescribeDtsJobDetailResponse>`;

describe("DtsJob schemas", () => {
  it("parses DescribeDtsJobDetail JSON: string numbers, the renamed check-item fields, capital-ID instance", () => {
    const d = decodeResponse("DescribeDtsJobDetail", DETAIL_JSON);
    expect(d.status).toBe("Modifying");
    expect(d.dtsInstanceId).toBe("dtsl3m1213ye7l****");
    expect(d.subSyncJobs).toHaveLength(1);
    const sub = d.subSyncJobs[0]!;
    expect(sub.precheck).toEqual({
      status: "Failed",
      percent: 100,
      items: [{ itemName: "CHECK_CONN_SRC", checkStatus: "Failed", errorMessage: "no route", repairMethod: "open the whitelist" }],
    });
    expect(sub.dataInitialization).toEqual({ status: "NotStarted", percent: 0, progress: 0 });
  });

  it("parses the same reply from XML, a one-element SubSyncJob and Detail staying arrays", () => {
    const d = decodeResponse("DescribeDtsJobDetail", DETAIL_XML);
    expect(d.requestId).toBe("R-xml");
    expect(d.subSyncJobs.map((s) => s.dtsJobId)).toEqual(["sub9"]);
    expect(d.subSyncJobs[0]!.precheck.items).toEqual([{ itemName: "CHECK_SRC", checkStatus: "Success" }]);
    expect(d.subSyncJobs[0]!.dataInitialization.progress).toBe(12);
    // A missing phase block is NotStarted at 0 %, as in the old schemas.
    expect(d.subSyncJobs[0]!.structureInitialization.status).toBe("NotStarted");
  });

  it("names the missing field when a reply has no Status", () => {
    const { Status: _s, ...noStatus } = DETAIL_JSON;
    try {
      decodeResponse("DescribeDtsJobDetail", noStatus);
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(DtsResponseParseError);
      expect((e as DtsResponseParseError).issues.map((i) => i.path)).toContain("Status");
    }
  });

  it("parses DescribePreCheckStatus pages (JobProgress items), JSON and XML", () => {
    const page = decodeResponse("DescribePreCheckStatus", {
      RequestId: "R-p",
      State: "Failed",
      ErrorItem: "1",
      Total: "2",
      PageNumber: "1",
      TotalRecordCount: "2",
      JobProgress: [
        { Item: "CHECK_CONN_SRC", State: "Failed", ErrMsg: "timeout", RepairMethod: "allow the DTS CIDR", CanSkip: "false" },
        { Item: "CHECK_DEST", State: "Success", Total: 1, Current: "1" },
      ],
    });
    expect(page.errorItem).toBe(1);
    expect(page.jobProgress[0]).toEqual({ item: "CHECK_CONN_SRC", state: "Failed", errMsg: "timeout", repairMethod: "allow the DTS CIDR", canSkip: false });
    expect(page.jobProgress[1]).toMatchObject({ state: "Success", total: 1, current: 1 });
    const xml = decodeResponse(
      "DescribePreCheckStatus",
      "<R><RequestId>x</RequestId><State>Finished</State><JobProgress><Item>T1</Item><State>Finished</State><TargetNames>orders</TargetNames></JobProgress></R>",
    );
    expect(xml.jobProgress).toEqual([{ item: "T1", state: "Finished", targetNames: "orders" }]);
  });

  it("parses ModifyDtsJob (nothing in it names a modification)", () => {
    expect(decodeResponse("ModifyDtsJob", { RequestId: "R-m", DtsJobId: "j1", Status: "200", Success: "true" })).toEqual({
      requestId: "R-m",
      dtsJobId: "j1",
      status: "200",
    });
  });
});

describe("DbList", () => {
  it("compares canonically: key order and read-back `state` do not count, anything else does", () => {
    expect(sameDbList('{"b":{"all":true,"name":"b"},"a":{"name":"a","all":true}}', { a: { name: "a", all: true }, b: { name: "b", all: true } })).toBe(true);
    expect(sameDbList('{"a":{"name":"a","all":true,"state":"normal"}}', '{"a":{"name":"a","all":true}}')).toBe(true);
    expect(sameDbList('{"a":{"all":true}}', '{"a":{"name":"a","all":true}}')).toBe(false);
    expect(sameDbList("not json", "not json")).toBe(false);
    expect(canonicalDbList(undefined)).toBeUndefined();
  });

  it("refuses invalid lists before any call, naming dbList and the fix", () => {
    expect(() => dbListText("{")).toThrow(DtsInputError);
    expect(() => dbListText("[]")).toThrow(/non-empty JSON object/);
    expect(() => dbListText('{"a":1}')).toThrow(/dbList\.a/);
    expect(() => dbListText({ a: { name: "a", all: false, filter: "x".repeat(1024 * 1024) } })).toThrow(/1 MB/);
    expect(dbListText({ a: { name: "a", all: true } })).toBe('{"a":{"name":"a","all":true}}');
  });
});

describe("DtsClient, DtsJob actions", () => {
  const server = useTestServer();
  const client = () => new DtsClient({ endpoint: server.url, credentials: CREDS, sleep: async () => undefined });

  it("sends ModifyDtsJob with the DbList as JSON text and one ClientToken", async () => {
    server.handle((_r, res) => json(res, 200, { RequestId: "R1", DtsJobId: "job1", Status: "200", Success: true }));
    const out = await client().modifyDtsJob({ dtsInstanceId: "dtsinst1", dtsJobId: "job1", dbList: { a: { name: "a", all: true } }, clientToken: "tok-1" });
    expect(out).toEqual({ requestId: "R1", dtsJobId: "job1", status: "200", clientToken: "tok-1" });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.params).toMatchObject({
      Action: "ModifyDtsJob",
      Version: "2020-01-01",
      DtsInstanceId: "dtsinst1",
      DtsJobId: "job1",
      DbList: '{"a":{"name":"a","all":true}}',
      ClientToken: "tok-1",
    });
  });

  it("does not retry an ambiguous ModifyDtsJob (5xx): DtsAmbiguousModifyError names the action and the way to decide", async () => {
    server.handle((_r, res) => json(res, 503, { Code: "ServiceUnavailable", Message: "busy", RequestId: "R5" }));
    const err = await client()
      .modifyDtsJob({ dtsInstanceId: "dtsinst1", dtsJobId: "job1", dbList: '{"a":{"all":true}}' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DtsAmbiguousModifyError);
    expect((err as Error).message).toMatch(/^ModifyDtsJob on job job1/);
    expect((err as Error).message).toContain("DescribeDtsJobDetail");
    expect(server.requests).toHaveLength(1);
  });

  it("retries a throttled ModifyDtsJob (proves it did not run) with the same ClientToken", async () => {
    let n = 0;
    server.handle((_r, res) =>
      n++ === 0 ? json(res, 400, { Code: "Throttling.User", Message: "slow down", RequestId: "T" }) : json(res, 200, { RequestId: "R2", Success: true }),
    );
    await client().modifyDtsJob({ dtsInstanceId: "dtsinst1", dbList: '{"a":{"all":true}}', clientToken: "tok-2" });
    expect(server.requests.map((r) => r.params.ClientToken)).toEqual(["tok-2", "tok-2"]);
  });

  it("sends DescribeDtsJobDetail (DtsInstanceID, SyncSubJobHistory) and DescribePreCheckStatus (JobCode, paging as strings)", async () => {
    server.handle((r, res) => (r.params.Action === "DescribeDtsJobDetail" ? json(res, 200, DETAIL_JSON) : json(res, 200, { RequestId: "P", JobProgress: [] })));
    const c = client();
    await c.describeDtsJobDetail({ dtsJobId: "job1", dtsInstanceId: "dtsinst1", syncSubJobHistory: true });
    await c.describePreCheckStatus({ dtsJobId: "sub1", jobCode: "01", pageNo: 2, pageSize: 50 });
    expect(server.requests[0]!.params).toMatchObject({
      Action: "DescribeDtsJobDetail",
      DtsJobId: "job1",
      DtsInstanceID: "dtsinst1",
      SyncSubJobHistory: "true",
    });
    expect(server.requests[1]!.params).toMatchObject({
      Action: "DescribePreCheckStatus",
      DtsJobId: "sub1",
      JobCode: "01",
      StructType: "before",
      PageNo: "2",
      PageSize: "50",
    });
    await expect(c.describePreCheckStatus({ dtsJobId: "x", jobCode: "05" as never })).rejects.toThrow(/jobCode/);
  });
});
