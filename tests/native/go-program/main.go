// A Go program using the generated Go SDK (sdks/go/dts), run through the real engine with Pulumi's Automation API
// (an inline program: the engine talks to this process, so no pulumi-language-go is needed; that host cannot be
// built here, its module is not served by the Go module proxy).
//
// Usage (environment: PULUMI_HOME, PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, PATH with pulumi; the dts plugin
// installed): go-program up|destroy <stack> <jobId> <dtsJobId> <endpoint> <accessKeyId> <accessKeySecret>
// `up` prints the stack outputs as one JSON line on stdout; progress goes to stderr.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi-dts-objects/sdk/go/dts"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func program(jobID, dtsJobID string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		objs, err := dts.NewSynchronizationObjectModification(ctx, "objs", &dts.SynchronizationObjectModificationArgs{
			SynchronizationJobId: pulumi.String(jobID),
			SynchronizationObjects: dts.SynchronizationDatabaseArray{
				dts.SynchronizationDatabaseArgs{
					DbName: pulumi.String("shop"),
					TableIncludes: dts.SynchronizationTableArray{
						dts.SynchronizationTableArgs{TableName: pulumi.String("orders")},
						dts.SynchronizationTableArgs{TableName: pulumi.String("customer"), NewTableName: pulumi.String("customer_v2")},
					},
				},
			},
			Wait: dts.WaitOptionsArgs{
				TimeoutMinutes:  pulumi.Float64(3),
				MinDelaySeconds: pulumi.Float64(0.2),
				MaxDelaySeconds: pulumi.Float64(0.5),
			},
		})
		if err != nil {
			return err
		}
		// The DbList as a typed map (source database -> entry), with the API's own keys (Table).
		change, err := dts.NewDtsJobModification(ctx, "change", &dts.DtsJobModificationArgs{
			DtsJobId: pulumi.String(dtsJobID),
			DbList: dts.DbListDatabaseMap{
				"shop": dts.DbListDatabaseArgs{
					Name: pulumi.String("shop"),
					All:  pulumi.Bool(false),
					Table: dts.DbListTableMap{
						"orders": dts.DbListTableArgs{Name: pulumi.String("orders"), All: pulumi.Bool(true)},
					},
				},
			},
			Wait: dts.WaitOptionsArgs{
				TimeoutMinutes:  pulumi.Float64(3),
				MinDelaySeconds: pulumi.Float64(0.2),
				MaxDelaySeconds: pulumi.Float64(0.5),
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("change", change.Change)
		ctx.Export("taskId", objs.TaskId)
		ctx.Export("precheckStatus", objs.Precheck.Status())
		ctx.Export("dataStatus", objs.DataInitialization.Status())
		ctx.Export("tablesTotal", objs.Tables.Total())
		return nil
	}
}

func run() error {
	if len(os.Args) != 8 {
		return fmt.Errorf("usage: go-program up|destroy <stack> <jobId> <dtsJobId> <endpoint> <accessKeyId> <accessKeySecret>")
	}
	command, stackName, jobID, dtsJobID, endpoint, keyID, keySecret := os.Args[1], os.Args[2], os.Args[3], os.Args[4], os.Args[5], os.Args[6], os.Args[7]
	ctx := context.Background()
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, "dts-native-go", program(jobID, dtsJobID))
	if err != nil {
		return err
	}
	config := auto.ConfigMap{
		"dts:accessKeyId":     {Value: keyID},
		"dts:accessKeySecret": {Value: keySecret, Secret: true},
		"dts:endpoint":        {Value: endpoint},
	}
	if err := stack.SetAllConfig(ctx, config); err != nil {
		return err
	}
	switch command {
	case "up":
		result, err := stack.Up(ctx, optup.ProgressStreams(os.Stderr))
		if err != nil {
			return err
		}
		outputs := map[string]any{}
		for k, v := range result.Outputs {
			outputs[k] = v.Value
		}
		return json.NewEncoder(os.Stdout).Encode(outputs)
	case "destroy":
		_, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stderr))
		return err
	}
	return fmt.Errorf("unknown command %q", command)
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "go-program:", err)
		os.Exit(1)
	}
}
