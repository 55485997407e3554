package termsim

import (
	"context"
	"testing"
	"time"

	"posdoctor/serialio"
)

// FuzzHandle feeds arbitrary DATA to the terminal's request handler (§4: everything from the
// host is untrusted). It must never panic, and whatever it queues must be a message a host
// can parse that fits one frame.
func FuzzHandle(f *testing.F) {
	seeds := [][]string{
		{"ST"}, {"EC", "DATA", "00FF"}, {"KT", "TIMEOUT", "10"}, {"KX"}, {"PT", "TEXT", "签到"},
		{"SO", "OPER", "01"}, {"JL", "FROM", "20240101", "PAGE", "1"}, {"EL", "PAGE", "2"}, {"CT"}, {"KS"},
		{"ZZ"}, {"JL", "FROM", "99999999", "PAGE", "99999"},
	}
	for i, s := range seeds {
		data, _ := serialio.EncodeMessage(message(serialio.Command(s[0]), i+1, s[1:]...))
		f.Add(data)
	}
	f.Add([]byte("ST0000"))
	f.Add([]byte("EC0001\x1cDATA=\xff"))
	term, err := New(Config{Speed: 1e6, Journal: 50, AutoKeys: true, Faults: []Fault{{Name: "stuck-key", Value: "5"}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithCancel(context.Background())
		s := newConn(term, ctx)
		s.handle(data)
		s.handle(data) // and its duplicate
		time.Sleep(time.Millisecond)
		cancel()
		waitBounded(&s.wg, 5*time.Second)
		s.out.mu.Lock()
		defer s.out.mu.Unlock()
		for _, m := range s.out.items {
			b, err := serialio.EncodeMessage(m)
			if err != nil || len(b) > serialio.MaxData {
				t.Fatalf("terminal queued %v: %v (%d bytes)", m, err, len(b))
			}
			if _, err := serialio.ParseMessage(b); err != nil {
				t.Fatalf("terminal queued unparseable %v: %v", m, err)
			}
		}
	})
}

// FuzzUnpackISO: the ISO 8583 parser never panics and what it accepts packs back the same.
func FuzzUnpackISO(f *testing.F) {
	b, _ := buildSignOn("29012345", "898290054110001", 1, 1, "01", make([]byte, 16))
	f.Add(b)
	f.Add([]byte{0x08, 0x10, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := unpackISO(data)
		if err != nil {
			return
		}
		if _, err := packISO(m); err != nil {
			t.Fatalf("parsed but cannot pack: %v", err)
		}
	})
}
