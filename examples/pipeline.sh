#!/usr/bin/env bash
# A deployment pipeline step gated on the DTS object modification being done.
#
#   examples/pipeline.sh [program-dir] [-- next step command...]
#
# 1. `pulumi up` the program (default: examples/basic). It returns only when precheck, structure and data
#    initialization are done, or fails (precheck failure, failed tables, deadline) with the reasons.
# 2. Read `pulumi stack output --json` and check dataInitialization.status == "Finished" and no failed tables.
# 3. Only then run the next step (default: an echo standing in for "deploy the readers of the new tables").
#
# Uses the current Pulumi stack and backend (PULUMI_STACK selects another stack). Needs `pulumi` and `node` on
# PATH; no jq.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
program="$here/basic"
if [ $# -gt 0 ] && [ "$1" != "--" ]; then program="$1"; shift; fi
[ "${1:-}" = "--" ] && shift
next_step=("$@")
stack_args=()
[ -n "${PULUMI_STACK:-}" ] && stack_args=(--stack "$PULUMI_STACK")

echo "pipeline: pulumi up in $program"
if ! pulumi up --cwd "$program" "${stack_args[@]}" --yes --skip-preview --non-interactive; then
  echo "pipeline: pulumi up failed; the next step does not run" >&2
  exit 1
fi

outputs="$(pulumi stack output --cwd "$program" "${stack_args[@]}" --json --non-interactive)"

# The gate: exit 0 only when data initialization finished and no table failed.
if ! printf '%s' "$outputs" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const o = JSON.parse(s);
    const data = (o.dataInitialization || {}).status;
    const failed = o.failedTables || [];
    console.log(`pipeline: task ${o.taskId}: precheck ${(o.precheck || {}).status}, ` +
      `structure ${(o.structureInitialization || {}).status}, data ${data} (${(o.dataInitialization || {}).percent}%), ` +
      `${failed.length} failed table(s)`);
    if (data !== "Finished") { console.error(`pipeline: gate closed: dataInitialization.status is ${data}`); process.exit(1); }
    if (failed.length) {
      for (const t of failed) console.error(`pipeline: failed table ${t.sourceDb}.${t.table} (${t.phase}): ${t.errorMessage}`);
      console.error("pipeline: gate closed: tables failed initialization"); process.exit(1);
    }
  });'; then
  exit 1
fi

echo "pipeline: gate open, running the next step"
if [ ${#next_step[@]} -gt 0 ]; then
  "${next_step[@]}"
else
  echo "next step: deploy the readers of the new tables"
fi
