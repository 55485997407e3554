package serialio

import "testing"

func TestDescribeAndSortPorts(t *testing.T) {
	ports := []PortInfo{
		{Name: "/dev/ttyS0"},
		{Name: "/dev/ttyUSB1", IsUSB: true, VID: "1A86", PID: "7523", Product: "USB Serial"},
		{Name: "/dev/ttyACM0", IsUSB: true, VID: "2fb8", PID: "2233"},
		{Name: "/dev/ttyACM1", IsUSB: true, VID: "11ca", PID: "0219", Product: "Verifone USB"},
		{Name: "/dev/ttyUSB0", IsUSB: true, VID: "abcd", PID: "0001"},
	}
	for i := range ports {
		ports[i] = Describe(ports[i])
	}
	SortPorts(ports)
	want := []struct {
		name, vendor string
		kind         PortKind
	}{
		{"/dev/ttyACM0", "PAX", KindTerminal},
		{"/dev/ttyACM1", "Verifone", KindTerminal},
		{"/dev/ttyUSB1", "WCH CH340 USB-serial", KindAdapter},
		{"/dev/ttyS0", "", KindUnknown},
		{"/dev/ttyUSB0", "", KindUnknown},
	}
	for i, w := range want {
		p := ports[i]
		if p.Name != w.name || p.Vendor != w.vendor || p.Kind != w.kind || p.KindStr != w.kind.String() {
			t.Errorf("port %d = %+v, want %+v", i, p, w)
		}
	}
	if l := ports[2].Label(); l != "/dev/ttyUSB1  WCH CH340 USB-serial — USB Serial  [1a86:7523]" {
		t.Errorf("label %q", l)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"8N1": Format8N1, "8n1": Format8N1, "": Format8N1, "7E1": Format7E1, " 7e1 ": Format7E1} {
		got, err := ParseFormat(in)
		if err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %v, %v", in, got, err)
		}
		if back, _ := ParseFormat(got.String()); back != got {
			t.Errorf("round trip of %v", got)
		}
	}
	if _, err := ParseFormat("8E2"); err == nil {
		t.Error("ParseFormat(8E2) accepted")
	}
}

func TestCheckBaud(t *testing.T) {
	for _, b := range Bauds {
		if CheckBaud(b) != nil {
			t.Errorf("baud %d refused", b)
		}
	}
	for _, b := range []int{0, 300, 4800, 230400} {
		if CheckBaud(b) == nil {
			t.Errorf("baud %d accepted", b)
		}
	}
}
