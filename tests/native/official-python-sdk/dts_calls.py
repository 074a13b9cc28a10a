"""Calls the emulator with Alibaba's official Python DTS SDK (alibabacloud-dts20200101, its default V3 signature).

Environment: DTS_ENDPOINT (host:port), DTS_KEY_ID, DTS_KEY_SECRET, DTS_JOB_ID. Prints one JSON object with each
call's response body (or the error code when a call fails), for tests/native/official-python-sdk.test.ts.
"""

import json
import os
from typing import Any, Callable, Dict

from alibabacloud_dts20200101 import models
from alibabacloud_dts20200101.client import Client
from alibabacloud_tea_openapi import models as open_api_models

REGION = "cn-hangzhou"
client = Client(
    open_api_models.Config(
        access_key_id=os.environ["DTS_KEY_ID"],
        access_key_secret=os.environ["DTS_KEY_SECRET"],
        endpoint=os.environ["DTS_ENDPOINT"],
        protocol="http",
        region_id=REGION,
    )
)
job = os.environ["DTS_JOB_ID"]
result: Dict[str, Any] = {}


def call(name: str, fn: Callable[[], Any]) -> Any:
    try:
        body = fn().body.to_map()
        result[name] = body
        return body
    except Exception as e:  # the SDK's TeaException carries the API's error code
        result[name] = {"error": getattr(e, "code", type(e).__name__), "message": str(getattr(e, "message", e))}
        return None


objects = json.dumps([{"DBName": "shop", "TableIncludes": [{"TableName": "orders"}]}])
modified = call(
    "ModifySynchronizationObject",
    lambda: client.modify_synchronization_object(
        models.ModifySynchronizationObjectRequest(region_id=REGION, synchronization_job_id=job, synchronization_objects=objects)
    ),
)
task = (modified or {}).get("TaskId")
call(
    "DescribeSynchronizationObjectModifyStatus",
    lambda: client.describe_synchronization_object_modify_status(
        models.DescribeSynchronizationObjectModifyStatusRequest(region_id=REGION, task_id=task)
    ),
)
call(
    "DescribeInitializationStatus",
    lambda: client.describe_initialization_status(
        models.DescribeInitializationStatusRequest(region_id=REGION, synchronization_job_id=job)
    ),
)
call(
    "DescribeSynchronizationJobStatus",
    lambda: client.describe_synchronization_job_status(
        models.DescribeSynchronizationJobStatusRequest(region_id=REGION, synchronization_job_id=job)
    ),
)
print(json.dumps(result))
