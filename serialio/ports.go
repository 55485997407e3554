package serialio

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"go.bug.st/serial/enumerator"
)

// PortKind is what a port probably is, judged from its USB vendor ID.
type PortKind int

const (
	KindUnknown  PortKind = iota // no USB identity, or a vendor we do not know
	KindTerminal                 // a payment-terminal maker's own USB ID
	KindAdapter                  // a USB-serial adapter chip (a terminal cable or anything else)
)

func (k PortKind) String() string {
	switch k {
	case KindTerminal:
		return "terminal"
	case KindAdapter:
		return "adapter"
	}
	return "unknown"
}

// knownVendors labels USB vendor IDs. Terminal makers' IDs come from the public usb.ids list
// (PAX's 2fb8 is not listed there but is what PAX terminals enumerate with); adapters are the
// common USB-serial chips found in terminal cables.
var knownVendors = map[string]struct {
	name string
	kind PortKind
}{
	"2fb8": {"PAX", KindTerminal},
	"0b00": {"Ingenico", KindTerminal},
	"0f14": {"Ingenico", KindTerminal},
	"079b": {"Sagem / Ingenico", KindTerminal},
	"0780": {"Sagem Monetel", KindTerminal},
	"11ca": {"Verifone", KindTerminal},
	"0ca6": {"Castles", KindTerminal},
	"1eab": {"Newland", KindTerminal},
	"0403": {"FTDI USB-serial", KindAdapter},
	"067b": {"Prolific USB-serial", KindAdapter},
	"1a86": {"WCH CH340 USB-serial", KindAdapter},
	"10c4": {"Silicon Labs CP210x USB-serial", KindAdapter},
}

// PortInfo describes one serial port found on this machine.
type PortInfo struct {
	Name    string   `json:"name"`
	IsUSB   bool     `json:"usb"`
	VID     string   `json:"vid,omitempty"`
	PID     string   `json:"pid,omitempty"`
	Serial  string   `json:"serial,omitempty"`
	Product string   `json:"product,omitempty"`
	Vendor  string   `json:"vendor,omitempty"` // from the known-vendor table
	Driver  string   `json:"driver,omitempty"` // the kernel driver (cdc_acm, ftdi_sio, ch341, pl2303, cp210x); Linux only
	Kind    PortKind `json:"-"`
	KindStr string   `json:"kind"`
}

// Label is a one-line description for lists: name, vendor or product, VID:PID.
func (p PortInfo) Label() string {
	parts := []string{p.Name}
	switch {
	case p.Vendor != "" && p.Product != "":
		parts = append(parts, p.Vendor+" — "+p.Product)
	case p.Vendor != "":
		parts = append(parts, p.Vendor)
	case p.Product != "":
		parts = append(parts, p.Product)
	}
	if p.VID != "" {
		parts = append(parts, fmt.Sprintf("[%s:%s]", p.VID, p.PID))
	}
	return strings.Join(parts, "  ")
}

// Describe fills Vendor and Kind from the USB vendor ID.
func Describe(p PortInfo) PortInfo {
	p.VID, p.PID = strings.ToLower(p.VID), strings.ToLower(p.PID)
	if v, ok := knownVendors[p.VID]; ok {
		p.Vendor, p.Kind = v.name, v.kind
	}
	p.KindStr = p.Kind.String()
	return p
}

// ListPorts returns the serial ports of this machine, likely terminals first, then adapters,
// then the rest, each group by name.
func ListPorts() ([]PortInfo, error) {
	details, err := enumerator.GetDetailedPortsList()
	if err != nil {
		return nil, fmt.Errorf("list serial ports: %w", err)
	}
	out := make([]PortInfo, 0, len(details))
	for _, d := range details {
		out = append(out, Describe(PortInfo{Name: d.Name, IsUSB: d.IsUSB, VID: d.VID, PID: d.PID, Serial: d.SerialNumber, Product: d.Product, Driver: ttyDriver(d.Name)}))
	}
	SortPorts(out)
	return out, nil
}

// SortPorts orders ports: terminals, adapters, others; by name within each, numbers by value
// (COM2 before COM10).
func SortPorts(ps []PortInfo) {
	rank := func(k PortKind) int {
		switch k {
		case KindTerminal:
			return 0
		case KindAdapter:
			return 1
		}
		return 2
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ri, rj := rank(ps[i].Kind), rank(ps[j].Kind); ri != rj {
			return ri < rj
		}
		return lessPortName(ps[i].Name, ps[j].Name)
	})
}

// ttyDriver is the kernel driver behind a tty on Linux, from /sys/class/tty/NAME/device/driver:
// cdc_acm, ftdi_sio, ch341, pl2303, cp210x (a USB-serial chip's "-uart" suffix dropped), or
// "serial8250" for a built-in port. Empty elsewhere or when sysfs does not say.
func ttyDriver(name string) string {
	if runtime.GOOS != "linux" {
		return ""
	}
	link, err := os.Readlink(filepath.Join("/sys/class/tty", filepath.Base(name), "device", "driver"))
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(filepath.Base(link), "-uart")
}
