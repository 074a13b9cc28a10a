"""A Python Pulumi program using the generated SDK (pulumi_dts, from sdks/python) of the native plugin `dts`.

Stack config: `jobId` (the synchronization job), `failOnFailedTables` (default true), `revision` (default "1"),
and the provider's `dts:accessKeyId`, secret `dts:accessKeySecret`, `dts:endpoint` / `dts:region`.
"""

import json

import pulumi
import pulumi_dts as dts

config = pulumi.Config()

objs = dts.SynchronizationObjectModification(
    "objs",
    synchronization_job_id=config.require("jobId"),
    # The API's raw JSON string form of this input. The schema types it as "a string or a list of databases"
    # (oneOf), and pulumi's Python runtime (3.248.0) cannot serialize a list inside such a union: typed
    # SynchronizationDatabaseArgs and dict literals both fail with AssertionError "Unexpected type. Expected 'list'"
    # (tests/native/python.test.ts shows it). The provider stores both forms in one normalized (typed) form.
    synchronization_objects=json.dumps(
        [
            {
                "DBName": "shop",
                "TableIncludes": [
                    {"TableName": "orders"},
                    {"TableName": "customer", "NewTableName": "customer_v2"},
                ],
            }
        ]
    ),
    # Short poll delays: the emulator finishes its phases in milliseconds.
    wait=dts.WaitOptionsArgs(timeout_minutes=3, min_delay_seconds=0.2, max_delay_seconds=0.5),
    fail_on=dts.FailOnOptionsArgs(failed_tables=config.get_bool("failOnFailedTables") is not False),
    revision=config.get("revision") or "1",
)

pulumi.export("taskId", objs.task_id)
pulumi.export("precheckStatus", objs.precheck.status)
pulumi.export("failedTables", objs.failed_tables)
pulumi.export("tables", objs.tables)
