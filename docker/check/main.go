// Command check validates docker/compose.yaml and docker/Dockerfile without a Docker engine:
//
//	go run ./docker/check            (from the repository root; tools/helm/chart.spec.ts runs the built binary)
//
// compose.yaml is loaded the way `docker compose` loads it (compose-go: compose-spec schema, interpolation,
// YAML anchors and merges, depends_on references). The Dockerfile is parsed by BuildKit's own parser and
// checked by its linter (the rules of `docker build --check`), then against the rules the chart relies on.
// It prints one line per problem and exits 1 if there is any.
package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

var apps = []string{"clever-ingestion", "identity", "classes", "gateway", "clever-sandbox"}

func main() {
	dir := "docker"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	var problems []string
	problems = append(problems, checkDockerfile(filepath.Join(dir, "Dockerfile"))...)
	problems = append(problems, checkCompose(filepath.Join(dir, "compose.yaml"))...)
	for _, p := range problems {
		fmt.Println(p)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
	fmt.Println("docker/Dockerfile and docker/compose.yaml: ok")
}

func checkDockerfile(path string) []string {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, "Dockerfile: "+fmt.Sprintf(format, args...)) }
	src, err := os.ReadFile(path)
	if err != nil {
		return []string{err.Error()}
	}
	ast, err := parser.Parse(bytes.NewReader(src))
	if err != nil {
		return []string{"Dockerfile: " + err.Error()}
	}
	for _, w := range ast.Warnings {
		report("parser warning: %s", w.Short)
	}
	lint := linter.New(&linter.Config{Warn: func(rule, description, url, msg string, loc []parser.Range) {
		line := 0
		if len(loc) > 0 {
			line = loc[0].Start.Line
		}
		report("line %d: %s: %s", line, rule, msg)
	}})
	stages, metaArgs, err := instructions.Parse(ast.AST, lint)
	if err != nil {
		report("%v", err)
		return problems
	}
	names := map[string]*instructions.Stage{}
	for i := range stages {
		names[stages[i].Name] = &stages[i]
	}
	for _, want := range []string{"build", "prod-deps", "runtime"} {
		if names[want] == nil {
			report("missing stage %q", want)
		}
	}
	if len(stages) == 0 || stages[len(stages)-1].Name != "runtime" {
		report("the last stage (the image) must be \"runtime\"")
		return problems
	}
	hasMeta := false
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			if kv.Key == "NODE_IMAGE" && kv.Value != nil && regexp.MustCompile(`^node:24\.[0-9.]+-[a-z]+-slim$|^node:24[0-9.]*-slim$`).MatchString(*kv.Value) {
				hasMeta = true
			}
		}
	}
	if !hasMeta {
		report("ARG NODE_IMAGE must default to a Node 24 slim image")
	}
	rt := names["runtime"]
	var user, entrypoint, cmd string
	argApp := false
	for _, c := range rt.Commands {
		switch v := c.(type) {
		case *instructions.UserCommand:
			user = v.User
		case *instructions.EntrypointCommand:
			entrypoint = strings.Join(v.CmdLine, " ")
		case *instructions.CmdCommand:
			cmd = strings.Join(v.CmdLine, " ")
		case *instructions.ArgCommand:
			for _, kv := range v.Args {
				if kv.Key == "APP" {
					argApp = true
				}
			}
		case *instructions.CopyCommand:
			if v.From == "build" && !strings.Contains(strings.Join(v.SourcePaths, " "), "/out/dist") {
				report("runtime copies %v from build: only /out/dist (the app's compiled code) belongs in the image", v.SourcePaths)
			}
			if v.From == "" && v.Chown != "" {
				report("runtime files must stay root-owned (no --chown)")
			}
		}
	}
	if !argApp {
		report("runtime stage must declare ARG APP")
	}
	if !regexp.MustCompile(`^[1-9][0-9]*(:[1-9][0-9]*)?$`).MatchString(user) {
		report("runtime USER must be a numeric non-root uid (got %q)", user)
	}
	if !strings.HasPrefix(entrypoint, "/usr/bin/tini --") {
		report("runtime ENTRYPOINT must be tini (got %q)", entrypoint)
	}
	if !strings.Contains(cmd, "exec node dist/apps/${ROSTER_APP}/src/main.js") {
		report("runtime CMD must exec node dist/apps/${ROSTER_APP}/src/main.js (got %q)", cmd)
	}
	pd := names["prod-deps"]
	if pd != nil {
		found := false
		for _, c := range pd.Commands {
			if r, ok := c.(*instructions.RunCommand); ok && strings.Contains(strings.Join(r.CmdLine, " "), "npm ci --omit=dev") {
				found = true
			}
		}
		if !found {
			report("prod-deps must install with npm ci --omit=dev")
		}
	}
	return problems
}

func loadCompose(path string, env []string) (*types.Project, error) {
	opts, err := cli.NewProjectOptions([]string{path},
		cli.WithName("roster"),
		cli.WithWorkingDirectory(filepath.Dir(path)),
		cli.WithEnv(env),
		cli.WithInterpolation(true),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		return nil, err
	}
	return opts.LoadProject(context.Background())
}

func checkCompose(path string) []string {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, "compose.yaml: "+fmt.Sprintf(format, args...)) }
	// The services run with NODE_ENV=production: without the operator's own secrets compose must refuse to start.
	if _, err := loadCompose(path, []string{}); err == nil || !strings.Contains(err.Error(), "INTERNAL_AUTH_SECRET") {
		report("must refuse to start without INTERNAL_AUTH_SECRET and SESSION_SECRET (no default secrets), got %v", err)
	}
	if _, err := loadCompose(path, []string{"INTERNAL_AUTH_SECRET=check-internal-secret-0123456789abcdef"}); err == nil || !strings.Contains(err.Error(), "SESSION_SECRET") {
		report("must refuse to start without SESSION_SECRET (no default secrets), got %v", err)
	}
	project, err := loadCompose(path, []string{
		"INTERNAL_AUTH_SECRET=check-internal-secret-0123456789abcdef",
		"SESSION_SECRET=check-session-secret-0123456789abcdefgh",
	})
	if err != nil {
		return append(problems, "compose.yaml: "+err.Error())
	}
	built := map[string]bool{}
	for name, svc := range project.Services {
		if svc.Build != nil {
			app := ""
			if v := svc.Build.Args["APP"]; v != nil {
				app = *v
			}
			if filepath.Base(svc.Build.Dockerfile) != "Dockerfile" {
				report("%s: builds %s, not docker/Dockerfile", name, svc.Build.Dockerfile)
			}
			if !contains(apps, app) {
				report("%s: build-arg APP %q is not an app", name, app)
			}
			if want := "roster/" + app + ":local"; svc.Image != want {
				report("%s: image %q should be %q", name, svc.Image, want)
			}
			built[app] = true
			if !svc.ReadOnly || !contains(svc.CapDrop, "ALL") || !contains(svc.SecurityOpt, "no-new-privileges:true") {
				report("%s: must run read-only, with all capabilities dropped and no-new-privileges", name)
			}
		}
		for dep := range svc.DependsOn {
			if _, ok := project.Services[dep]; !ok {
				report("%s depends on unknown service %s", name, dep)
			}
		}
	}
	for _, app := range apps {
		if !built[app] {
			report("no service builds the %s image", app)
		}
	}
	for _, want := range []string{"kafka", "postgres", "topics", "gateway", "clever-sandbox", "identity", "classes", "clever-ingestion"} {
		if _, ok := project.Services[want]; !ok {
			report("missing service %s", want)
		}
	}
	if k, ok := project.Services["kafka"]; ok {
		if env := k.Environment["KAFKA_PROCESS_ROLES"]; env == nil || *env != "broker,controller" {
			report("kafka must run in KRaft combined mode (KAFKA_PROCESS_ROLES=broker,controller)")
		}
	}
	for _, name := range sortedKeys(project.Services) {
		svc := project.Services[name]
		if v := svc.Environment["AUTH_MODE"]; v != nil && name != "gateway" && name != "identity" && name != "classes" && name != "clever-ingestion" {
			report("%s: unexpected AUTH_MODE", name)
		}
	}
	return problems
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m types.Services) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
