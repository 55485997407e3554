package drill

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"posdoctor/assets"
)

// Builtin loads the drills shipped with posdoctor (assets/drills), sorted by level and id. A
// file that does not load is left out and named in the error (the tests keep that from
// shipping); the others are returned.
func Builtin() ([]*Scenario, error) {
	entries, err := fs.ReadDir(assets.Drills, "drills")
	if err != nil {
		return nil, err
	}
	return loadEach("the built-in drills", entries, func(name string) (*Scenario, error) {
		data, err := fs.ReadFile(assets.Drills, path.Join("drills", name))
		if err != nil {
			return nil, err
		}
		return Parse("builtin:"+name, data)
	})
}

// loadEach loads the scenario files among entries (at most maxDirFiles of them) with load,
// sorted; the files that do not load are left out and named in the error.
func loadEach(where string, entries []fs.DirEntry, load func(name string) (*Scenario, error)) ([]*Scenario, error) {
	var out []*Scenario
	var errs []error
	n := 0
	for _, e := range entries {
		if e.IsDir() || !isScenarioName(e.Name()) {
			continue
		}
		if n++; n > maxDirFiles {
			errs = append(errs, fileProblem(where, msgManyFiles, kv{"Max": maxDirFiles}))
			break
		}
		sc, err := load(e.Name())
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, sc)
	}
	sortScenarios(out)
	return out, errors.Join(errs...)
}

func isScenarioName(n string) bool {
	n = strings.ToLower(n)
	return strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")
}

func sortScenarios(s []*Scenario) {
	slices.SortStableFunc(s, func(a, b *Scenario) int {
		if a.Level != b.Level {
			return a.Level - b.Level
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// maxDirFiles bounds how many scenario files one folder may hold.
const maxDirFiles = 1000

// The problems of loading files, before their content is read.
var (
	msgManyFiles     = tpl("more than {{.Max}} scenario files; the rest were not read")
	msgNotRegular    = tpl("not a regular file (a scenario is a .yaml text file)")
	msgNotRegularNow = tpl("not a regular file")
	msgCannotRead    = tpl("cannot read the file: {{.Err}}")
)

// fileProblem is a problem with the file name as a whole.
func fileProblem(name, key string, args kv) *Error {
	e := problem(key, args)
	e.File = name
	return e
}

// fileBecause is because for the file name as a whole.
func fileBecause(name, key string, args kv, cause error) *Error {
	e := because(key, args, cause)
	e.File = name
	return e
}

// LoadPath loads a scenario file, or every *.yaml / *.yml file of a folder (not its
// subfolders). Each file's error is returned with its name; files that load are returned
// too.
func LoadPath(p string) ([]*Scenario, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		sc, err := LoadFile(p)
		if err != nil {
			return nil, err
		}
		return []*Scenario{sc}, nil
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, err
	}
	return loadEach(p, entries, func(name string) (*Scenario, error) { return LoadFile(filepath.Join(p, name)) })
}

// LoadFile reads and parses one scenario file (at most MaxFileSize bytes).
func LoadFile(name string) (*Scenario, error) {
	// look before opening: opening a named pipe blocks until someone writes to it
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fileProblem(name, msgNotRegular, nil)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() { // replaced since the look
		return nil, fileProblem(name, msgNotRegularNow, nil)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fileBecause(name, msgCannotRead, nil, err)
	}
	return Parse(name, data)
}

// Find returns the drill with id among list.
func Find(list []*Scenario, id string) (*Scenario, bool) {
	for _, s := range list {
		if s.ID == id {
			return s, true
		}
	}
	return nil, false
}
