// gen-sdk: Python and Go SDKs for schema.json with the Pulumi code generators themselves.
//
// `pulumi package gen-sdk` hands SDK generation to each language's plugin (pulumi-language-python,
// pulumi-language-go), which a Pulumi install ships but the Go module proxy does not serve (their
// modules have no release tags). The generators those plugins call live in the engine's own module
// (github.com/pulumi/pulumi/pkg/v3/codegen), so this program runs them directly, at the engine's
// version. Usage: gen-sdk <schema.json> <out dir>  (writes <out>/python and <out>/go).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func write(dir string, files map[string][]byte) error {
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func load(schemaPath string) (*schema.Package, error) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, err
	}
	// The schema references no other package than "pulumi" (pulumi.json#/Any), which the loader
	// serves from memory: no plugin host is needed.
	pkg, diags, err := schema.BindSpec(spec, schema.NewPluginLoader(nil), schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return pkg, nil
}

func run(schemaPath, out string) error {
	// Each generator decodes its own language section into the package: bind afresh per language.
	pkg, err := load(schemaPath)
	if err != nil {
		return err
	}
	pyFiles, err := python.GeneratePackage("pulumi-harbor-robots", pkg, nil, nil)
	if err != nil {
		return fmt.Errorf("python: %w", err)
	}
	if err := write(filepath.Join(out, "python"), pyFiles); err != nil {
		return err
	}
	if pkg, err = load(schemaPath); err != nil {
		return err
	}
	goFiles, err := gogen.GeneratePackage("pulumi-harbor-robots", pkg, nil)
	if err != nil {
		return fmt.Errorf("go: %w", err)
	}
	return write(filepath.Join(out, "go"), goFiles)
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gen-sdk <schema.json> <out dir>")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "gen-sdk:", err)
		os.Exit(1)
	}
}
