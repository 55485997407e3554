package app

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

type fakeChosenFile struct {
	*strings.Reader
	uri    fyne.URI
	closed bool
}

func (f *fakeChosenFile) URI() fyne.URI { return f.uri }
func (f *fakeChosenFile) Close() error  { f.closed = true; return nil }

// TestChosenPath: a file dialog hands on the chosen path with the dialog's file closed, and
// nothing when cancelled or failed, and a failure is said.
func TestChosenPath(t *testing.T) {
	var got []string
	var failed []error
	cb := chosenPath[fyne.URIReadCloser](func(path string) { got = append(got, path) }, func(err error) { failed = append(failed, err) })
	cb(nil, nil)
	if len(failed) != 0 {
		t.Errorf("a cancelled dialog said %v", failed)
	}
	cb(nil, errors.New("no permission"))
	if len(got) != 0 {
		t.Fatalf("cancelled or failed dialog handed on %q", got)
	}
	if len(failed) != 1 {
		t.Errorf("a failed dialog said nothing") // a full path typed as the name: no file, no word
	}
	f := &fakeChosenFile{Reader: strings.NewReader(""), uri: storage.NewFileURI("/tmp/month.posdoctor")}
	cb(f, nil)
	if len(got) != 1 || got[0] != "/tmp/month.posdoctor" || !f.closed {
		t.Errorf("chosen file: handed on %q, closed %v", got, f.closed)
	}
}

// TestOSPath: a chosen file's path as the system writes it, Windows drive letters and network
// shares included, whatever form Fyne's URI keeps it in.
func TestOSPath(t *testing.T) {
	for _, c := range []struct{ in, goos, want string }{
		{"/tmp/month.posdoctor", "linux", "/tmp/month.posdoctor"},
		{"C:/Users/张工/Documents/a.xlsx", "windows", `C:\Users\张工\Documents\a.xlsx`},
		{"/C:/Users/x/b.pdbundle", "windows", `C:\Users\x\b.pdbundle`},
		{"//server/share/drills", "windows", `\\server\share\drills`},
		{"D:/", "windows", `D:\`},
	} {
		if got := osPath(c.in, c.goos); got != c.want {
			t.Errorf("osPath(%q, %s) = %q, want %q", c.in, c.goos, got, c.want)
		}
	}
}
