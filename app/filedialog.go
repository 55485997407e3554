package app

import (
	"errors"
	"runtime"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// askSavePath asks in win where to save a file, suggesting name, and hands the chosen path
// to save. UI goroutine.
func askSavePath(win fyne.Window, name string, save func(path string)) {
	d := dialog.NewFileSave(chosenPath[fyne.URIWriteCloser](save, showDialogError(win)), win)
	d.SetFileName(name)
	d.Show()
	d.Resize(fileDialogSize(win)) // after Show: Fyne builds the dialog there
	translatePlaces(win)
}

// askOpenPath asks in win for a file with one of exts and hands its path to open. UI
// goroutine.
func askOpenPath(win fyne.Window, exts []string, open func(path string)) {
	d := dialog.NewFileOpen(chosenPath[fyne.URIReadCloser](open, showDialogError(win)), win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Show()
	d.Resize(fileDialogSize(win)) // after Show: Fyne builds the dialog there
	translatePlaces(win)
}

// fileDialogSize is most of the window: Fyne's own size for its file dialog is small on a
// 1366×768 laptop at 150 % (a trial saw "(上層資料夾)" wrap and three files at a time).
func fileDialogSize(win fyne.Window) fyne.Size {
	c := win.Canvas().Size()
	return fyne.NewSize(c.Width*0.92, c.Height*0.92)
}

// placeNames are the file dialog's place names as Fyne v2.8 writes them, which it shows as
// they are (not through lang); the translations have them.
var placeNames = []string{"Home", "Computer", "Desktop", "Documents", "Downloads", "Music", "Pictures", "Videos", "App Files"}

// translatePlaces makes the file dialog just shown in win say its place names (Home,
// Computer, Desktop…) in the UI's language. Fyne sets each row of its places list from the
// English name whenever the row is drawn; the list's UpdateItem (an exported field) is
// wrapped so the row's label is translated after Fyne sets it. Only the places list has rows
// of a padded icon and a label; a folder called "Documents" in the files area keeps its name.
// TestFileDialogPlacesTranslated fails when a Fyne upgrade changes that shape.
func translatePlaces(win fyne.Window) {
	for _, o := range win.Canvas().Overlays().List() {
		walkLayout(o, false, func(obj fyne.CanvasObject, _ bool) {
			l, ok := obj.(*widget.List)
			if !ok || l.UpdateItem == nil {
				return
			}
			update := l.UpdateItem
			l.UpdateItem = func(id widget.ListItemID, item fyne.CanvasObject) {
				update(id, item)
				row, ok := item.(*fyne.Container)
				if !ok || len(row.Objects) != 2 {
					return
				}
				if icon, ok := row.Objects[0].(*fyne.Container); !ok || len(icon.Objects) != 1 {
					return
				} else if _, ok := icon.Objects[0].(*widget.Icon); !ok {
					return
				}
				if label, ok := row.Objects[1].(*widget.Label); ok && slices.Contains(placeNames, label.Text) {
					label.SetText(lang.L(label.Text))
				}
			}
			l.Refresh()
		})
	}
}

// chosenPath is a file dialog's callback that hands the chosen file's path to use, nothing
// when the dialog was cancelled, and the error to failed when the dialog could not open the
// place chosen (a full path typed as the file name: Fyne puts it under the folder shown, which
// does not exist; that save used to end with no file and no word). The file the dialog opened
// is closed first: the caller reads or writes the path itself.
func chosenPath[F interface {
	URI() fyne.URI
	Close() error
}](use func(path string), failed func(error)) func(F, error) {
	return func(f F, err error) {
		if err != nil {
			failed(err)
			return
		}
		if any(f) == nil {
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

// showDialogError says in win that the file dialog's choice could not be used, and how to
// choose: the folder in the dialog, only the name typed.
func showDialogError(win fyne.Window) func(error) {
	return func(err error) {
		dialog.ShowError(errors.New(lang.L("That place could not be used: choose the folder in the dialog and type only the file's name.")+" ("+err.Error()+")"), win)
	}
}
