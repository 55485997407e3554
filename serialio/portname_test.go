package serialio

import (
	"slices"
	"testing"
)

func TestCOMNumber(t *testing.T) {
	for _, tc := range []struct {
		in string
		n  int
		ok bool
	}{
		{"COM1", 1, true},
		{"COM9", 9, true},
		{"COM10", 10, true},
		{"com12", 12, true},
		{`\\.\COM12`, 12, true},
		{`\\.\com256`, 256, true},
		{" COM3 ", 3, true},
		{"COM", 0, false},
		{"COM0", 0, false},
		{"COM05", 0, false},
		{"COM1000", 0, false},
		{"COMX", 0, false},
		{"COM-1", 0, false},
		{"/dev/ttyUSB0", 0, false},
		{"LPT1", 0, false},
		{"", 0, false},
	} {
		n, ok := COMNumber(tc.in)
		if n != tc.n || ok != tc.ok {
			t.Errorf("COMNumber(%q) = %d, %v; want %d, %v", tc.in, n, ok, tc.n, tc.ok)
		}
	}
}

// TestDevicePath: Windows opens COM10 and above only as \\.\COM10; every other name, and every
// name on other systems, goes to the system as given.
func TestDevicePath(t *testing.T) {
	for _, tc := range []struct{ goos, in, want string }{
		{"windows", "COM3", `\\.\COM3`},
		{"windows", "COM10", `\\.\COM10`},
		{"windows", "com10", `\\.\COM10`},
		{"windows", `\\.\COM10`, `\\.\COM10`},
		{"windows", `\\.\com123`, `\\.\COM123`},
		{"windows", "CNCA0", "CNCA0"}, // a com0com pair named by hand stays as typed
		{"windows", `\\.\CNCB0`, `\\.\CNCB0`},
		{"linux", "COM10", "COM10"},
		{"linux", "/dev/ttyUSB10", "/dev/ttyUSB10"},
		{"darwin", "/dev/cu.usbserial-10", "/dev/cu.usbserial-10"},
	} {
		if got := devicePath(tc.goos, tc.in); got != tc.want {
			t.Errorf("devicePath(%s, %q) = %q, want %q", tc.goos, tc.in, got, tc.want)
		}
	}
}

func TestLessPortName(t *testing.T) {
	want := []string{"/dev/ttyS0", "/dev/ttyS2", "/dev/ttyS10", "/dev/ttyUSB0", "/dev/ttyUSB9", "/dev/ttyUSB10",
		"COM1", "COM2", "COM3", "COM9", "COM10", "COM11", "COM100", "COM256"}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortFunc(got, func(a, b string) int {
		switch {
		case lessPortName(a, b):
			return -1
		case lessPortName(b, a):
			return 1
		}
		return 0
	})
	if !slices.Equal(got, want) {
		t.Errorf("sorted %q\nwant   %q", got, want)
	}
	for _, tc := range []struct {
		a, b string
		less bool
	}{
		{"COM2", "COM10", true},
		{"COM10", "COM2", false},
		{"COM1", "COM1", false},
		{"COM01", "COM1", false}, // same value: the longer spelling after the shorter
		{"COM1", "COM01", true},
		{"COM", "COM1", true},
		{"COM1", "COMA", true},
	} {
		if got := lessPortName(tc.a, tc.b); got != tc.less {
			t.Errorf("lessPortName(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.less)
		}
	}
}

// TestSortPortsWindowsNames: the port list a Windows laptop shows, with a CH340 cable on COM10
// and the terminal's own USB port on COM12 (the enumerator's VID:PID), built-in ports after.
func TestSortPortsWindowsNames(t *testing.T) {
	ports := []PortInfo{
		{Name: "COM1"},
		{Name: "COM10", IsUSB: true, VID: "1A86", PID: "7523", Product: "USB-SERIAL CH340 (COM10)"},
		{Name: "COM3", IsUSB: true, VID: "067B", PID: "2303"},
		{Name: "COM12", IsUSB: true, VID: "2FB8", PID: "2233"},
		{Name: "COM2"},
	}
	for i := range ports {
		ports[i] = Describe(ports[i])
	}
	SortPorts(ports)
	var names []string
	for _, p := range ports {
		names = append(names, p.Name)
	}
	if want := []string{"COM12", "COM3", "COM10", "COM1", "COM2"}; !slices.Equal(names, want) {
		t.Errorf("order %q, want %q", names, want)
	}
	if l := ports[2].Label(); l != "COM10  WCH CH340 USB-serial — USB-SERIAL CH340 (COM10)  [1a86:7523]" {
		t.Errorf("label %q", l)
	}
}
