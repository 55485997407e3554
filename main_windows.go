package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentProcess is AttachConsole's "the console of the process that started me".
const attachParentProcess = ^uint32(0) // ATTACH_PARENT_PROCESS, (DWORD)-1

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// attachConsole gives the command line a console to print to. posdoctor.exe is linked as a GUI
// program (-H windowsgui), so a double-click opens no console window behind the app; run from
// cmd.exe or PowerShell it then starts with no standard output at all. This attaches to the
// console of the program that started it and reopens standard input, output and error there,
// each unless it was redirected (posdoctor.exe check --json > out.json works as it is). Started
// with arguments but from no console (a shortcut), there is nothing to attach to and the output
// goes nowhere, as before. Called once, first thing, before anything prints.
func attachConsole() {
	missing := func(which uint32) bool {
		h, err := windows.GetStdHandle(which)
		if err != nil || h == 0 || h == windows.InvalidHandle {
			return true
		}
		_, err = windows.GetFileType(h)
		return err != nil
	}
	in, out, errOut := missing(windows.STD_INPUT_HANDLE), missing(windows.STD_OUTPUT_HANDLE), missing(windows.STD_ERROR_HANDLE)
	if !in && !out && !errOut {
		return
	}
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return
	}
	reopen := func(name string, flag int, which uint32, f **os.File) {
		nf, err := os.OpenFile(name, flag, 0)
		if err != nil {
			return
		}
		_ = windows.SetStdHandle(which, windows.Handle(nf.Fd()))
		*f = nf
	}
	if in {
		reopen("CONIN$", os.O_RDWR, windows.STD_INPUT_HANDLE, &os.Stdin)
	}
	if out {
		reopen("CONOUT$", os.O_RDWR, windows.STD_OUTPUT_HANDLE, &os.Stdout)
	}
	if errOut {
		reopen("CONOUT$", os.O_RDWR, windows.STD_ERROR_HANDLE, &os.Stderr)
	}
}
