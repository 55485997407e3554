package app

import (
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// askSavePath asks in win where to save a file, suggesting name, and hands the chosen path
// to save. UI goroutine.
func askSavePath(win fyne.Window, name string, save func(path string)) {
	d := dialog.NewFileSave(chosenPath[fyne.URIWriteCloser](save), win)
	d.SetFileName(name)
	d.Show()
}

// askOpenPath asks in win for a file with one of exts and hands its path to open. UI
// goroutine.
func askOpenPath(win fyne.Window, exts []string, open func(path string)) {
	d := dialog.NewFileOpen(chosenPath[fyne.URIReadCloser](open), win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Show()
}

// chosenPath is a file dialog's callback that hands the chosen file's path to use, and
// nothing when the dialog was cancelled or failed. The file the dialog opened is closed
// first: the caller reads or writes the path itself.
func chosenPath[F interface {
	URI() fyne.URI
	Close() error
}](use func(path string)) func(F, error) {
	return func(f F, err error) {
		if err != nil || any(f) == nil {
			return
		}
		path := localPath(f.URI())
		f.Close()
		use(path)
	}
}

// localPath is the file system path of a file URI, as this system writes it: Fyne keeps
// Windows paths with forward slashes ("C:/Users/张工/a.xlsx"), and a URI parsed from its text
// form has a slash before the drive ("/C:/Users/…"), which Windows cannot open.
func localPath(u fyne.URI) string { return osPath(u.Path(), runtime.GOOS) }

// osPath is localPath for a URI path p on the system goos (for tests on any system).
func osPath(p, goos string) string {
	if goos != "windows" {
		return p
	}
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:] // "/C:/x" → "C:/x"
	}
	return strings.ReplaceAll(p, "/", `\`)
}
