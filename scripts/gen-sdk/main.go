// Command gen-sdk generates the Go, Python, .NET and Node.js SDKs of the native provider `dts` from its schema,
// with Pulumi's own codegen packages (github.com/pulumi/pulumi/pkg/v3/codegen/{go,python,nodejs,dotnet}), as
// `pulumi package gen-sdk` would (that command needs per-language hosts we do not build).
//
// Usage: go run . -schema <schema.json> -out <dir> [-languages go,python,nodejs,dotnet]
// Writes <dir>/<language>/... and replaces what was there. Run by `npm run gen:sdk`.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	dotnetgen "github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-dts-objects gen-sdk"

func generate(language string, pkg *schema.Package) (map[string][]byte, error) {
	switch language {
	case "go":
		return gogen.GeneratePackage(tool, pkg, nil)
	case "python":
		return pythongen.GeneratePackage(tool, pkg, nil, nil)
	case "nodejs":
		return nodejsgen.GeneratePackage(tool, pkg, nil, nil, false, nil)
	case "dotnet":
		return dotnetgen.GeneratePackage(tool, pkg, nil, nil)
	}
	return nil, fmt.Errorf("unknown language %q (known: go, python, nodejs, dotnet)", language)
}

func run() error {
	schemaPath := flag.String("schema", "", "the package schema (JSON)")
	out := flag.String("out", "", "output directory (one subdirectory per language)")
	languages := flag.String("languages", "go,python,nodejs,dotnet", "comma-separated languages")
	flag.Parse()
	if *schemaPath == "" || *out == "" {
		return fmt.Errorf("-schema and -out are required")
	}
	text, err := os.ReadFile(*schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s: %w", *schemaPath, err)
	}
	if spec.LogoURL != "" {
		// .NET codegen downloads the logo: the build must not depend on the network.
		return fmt.Errorf("%s: logoUrl must be empty (the .NET generator would fetch %s)", *schemaPath, spec.LogoURL)
	}
	pkg, diags, err := schema.BindSpec(spec, nil, schema.ValidationOptions{})
	if err != nil {
		return fmt.Errorf("binding the schema: %w", err)
	}
	if diags.HasErrors() {
		return fmt.Errorf("the schema is invalid:\n%s", diags.Error())
	}
	for _, d := range diags {
		fmt.Fprintf(os.Stderr, "gen-sdk: schema warning: %s\n", d.Error())
	}
	for _, language := range strings.Split(*languages, ",") {
		files, err := generate(language, pkg)
		if err != nil {
			return fmt.Errorf("%s: %w", language, err)
		}
		dir := filepath.Join(*out, language)
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		names := make([]string, 0, len(files))
		for name := range files {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			path := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, files[name], 0o644); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "gen-sdk: %s: %d files in %s\n", language, len(names), dir)
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "gen-sdk: %v\n", err)
		os.Exit(1)
	}
}
