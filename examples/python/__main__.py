"""A Python Pulumi program using the generated SDK (pulumi_dts, from sdks/python) of the native plugin `dts`.

Stack config: `jobId` (the synchronization job), `failOnFailedTables` (default true), `revision` (default "1"),
and the provider's `dts:accessKeyId`, secret `dts:accessKeySecret`, `dts:endpoint` / `dts:region`.
"""

import pulumi
import pulumi_dts as dts

config = pulumi.Config()

objs = dts.SynchronizationObjectModification(
    "objs",
    synchronization_job_id=config.require("jobId"),
    # The complete set of objects after the change: a list of databases, each with its tables (dicts, checked by
    # mypy against the SDK's TypedDicts; dts.SynchronizationDatabaseArgs(...) works too). The API's JSON text
    # form goes in synchronization_objects_json instead; both are stored the same way.
    synchronization_objects=[
        {
            "db_name": "shop",
            "table_includes": [
                {"table_name": "orders"},
                {"table_name": "customer", "new_table_name": "customer_v2"},
            ],
        }
    ],
    # Short poll delays: the emulator finishes its phases in milliseconds.
    wait=dts.WaitOptionsArgs(timeout_minutes=3, min_delay_seconds=0.2, max_delay_seconds=0.5),
    fail_on=dts.FailOnOptionsArgs(failed_tables=config.get_bool("failOnFailedTables") is not False),
    revision=config.get("revision") or "1",
)

pulumi.export("taskId", objs.task_id)
pulumi.export("precheckStatus", objs.precheck.status)
pulumi.export("failedTables", objs.failed_tables)
pulumi.export("tables", objs.tables)
