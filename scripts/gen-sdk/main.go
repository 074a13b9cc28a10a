// Command gen-sdk generates the Go, Python, .NET and Node.js SDKs of the native provider `dts` from its schema,
// with Pulumi's own codegen packages (github.com/pulumi/pulumi/pkg/v3/codegen/{go,python,nodejs,dotnet}), as
// `pulumi package gen-sdk` would (that command needs per-language hosts we do not build).
//
// Usage: go run . -schema <schema.json> -out <dir> [-languages go,python,nodejs,dotnet]
// Writes <dir>/<language>/... and replaces what was there. Run by `npm run gen:sdk`.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
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

// logoURL is what the .NET generator downloads as the package icon. It always downloads one (an empty logoUrl
// means a file on raw.githubusercontent.com), so it gets a URL with a scheme of our own, answered in memory by
// localLogo: the generation never touches the network.
const logoURL = "dts-gen-sdk:logo.png"

// localLogo answers logoURL with a 64x64 PNG drawn here.
type localLogo struct{}

func (localLogo) RoundTrip(req *http.Request) (*http.Response, error) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.RGBA{R: 0xff, G: 0x6a, B: 0x00, A: 0xff})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": []string{"image/png"}}, Body: io.NopCloser(&buf),
		ContentLength: int64(buf.Len()), Request: req,
	}, nil
}

// goSDKVersion is the github.com/pulumi/pulumi/sdk/v3 the generated Go SDK's go.mod requires: the version of the
// CLI this project is tested with (scripts/ensure-pulumi).
const goSDKVersion = "v3.248.0"

func generate(language string, pkg *schema.Package, spec schema.PackageSpec) (map[string][]byte, error) {
	switch language {
	case "go":
		files, err := gogen.GeneratePackage(tool, pkg, nil)
		if err != nil {
			return nil, err
		}
		// The Go generator writes no go.mod; a module makes the SDK importable (and compilable on its own).
		var goInfo struct {
			ImportBasePath string `json:"importBasePath"`
		}
		if err := json.Unmarshal(spec.Language["go"], &goInfo); err != nil || goInfo.ImportBasePath == "" {
			return nil, fmt.Errorf("the schema needs language.go.importBasePath")
		}
		files[pkg.Name+"/go.mod"] = []byte(fmt.Sprintf("module %s\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n",
			goInfo.ImportBasePath, goSDKVersion))
		return files, nil
	case "python":
		return pythongen.GeneratePackage(tool, pkg, nil, nil)
	case "nodejs":
		return nodejsgen.GeneratePackage(tool, pkg, nil, nil, false, nil)
	case "dotnet":
		pkg.LogoURL = logoURL
		defer func() { pkg.LogoURL = "" }()
		return dotnetgen.GeneratePackage(tool, pkg, nil, nil)
	}
	return nil, fmt.Errorf("unknown language %q (known: go, python, nodejs, dotnet)", language)
}

func run() error {
	http.DefaultTransport.(*http.Transport).RegisterProtocol("dts-gen-sdk", localLogo{})
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
		// The .NET generator downloads the logo: the generation must not depend on the network.
		return fmt.Errorf("%s: logoUrl must be empty (the .NET generator would fetch %s; it gets a local logo instead)", *schemaPath, spec.LogoURL)
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
		files, err := generate(language, pkg, spec)
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
