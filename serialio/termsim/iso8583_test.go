package termsim

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestCheckValueAndMAC(t *testing.T) {
	key, _ := hex.DecodeString("0123456789ABCDEFFEDCBA9876543210")
	// the check value published for this test key in key-management manuals
	if got := checkHex(key); got != "08D7B4FB" {
		t.Errorf("check value %s, want 08D7B4FB", got)
	}
	// ANSI X9.19 example: "Now is the time for all " under this key
	mac, err := retailMAC(key, []byte("Now is the time for all "))
	if err != nil || strings.ToUpper(hex.EncodeToString(mac)) != "A1C72E74EA3FA9B6" {
		t.Errorf("retail MAC %X, %v; want A1C72E74EA3FA9B6", mac, err)
	}
	if checkHex(nil) != "" {
		t.Error("an absent key must have an empty check value")
	}
}

func TestISORoundTrip(t *testing.T) {
	mak := newKey(rand.New(rand.NewPCG(1, 1)))
	b, err := buildSignOn("29012345", "898290054110001", 42, 123, "07", mak)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b[:2], []byte{0x08, 0x00}) {
		t.Errorf("MTI bytes % X, want 08 00", b[:2])
	}
	m, err := unpackISO(b)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{11: "000042", 41: "29012345", 42: "898290054110001", 60: "00000123004", 63: "07"}
	for n, v := range want {
		if got, _ := m.get(n); got != v {
			t.Errorf("field %d = %q, want %q", n, got, v)
		}
	}
	mac, _ := m.get(64)
	wantMAC, _ := retailMAC(mak, b[:len(b)-8])
	if mac != string(wantMAC) {
		t.Error("field 64 is not the MAC of the message")
	}
	for cut := 0; cut < len(b); cut++ {
		if _, err := unpackISO(b[:cut]); err == nil {
			t.Errorf("a message cut to %d bytes parsed", cut)
		}
	}
}

// TestAcquirer: the host answers from its own record; the terminal's key check catches keys
// encrypted under another TMK.
func TestAcquirer(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	tmk, mak := newKey(rng), newKey(rng)
	host := func() *acquirer {
		return &acquirer{rng: rng, now: time.Now, tid: "29012345", mid: "898290054110001", active: true, tmk: tmk, mak: mak}
	}
	ask := func(h *acquirer, tid string, key []byte) *isoMessage {
		req, _ := buildSignOn(tid, "898290054110001", 1, 1, "01", key)
		resp := h.exchange(req)
		m, err := unpackISO(resp)
		if err != nil {
			t.Fatalf("0810: %v", err)
		}
		return m
	}
	h := host()
	ok := ask(h, "29012345", mak)
	if rc, _ := ok.get(39); rc != "00" {
		t.Fatalf("sign-on RC %s", rc)
	}
	f62, _ := ok.get(62)
	keys, good := openKeys(tmk, []byte(f62))
	if !good || keys[1] == nil {
		t.Fatal("the terminal could not open keys sent under its own TMK")
	}
	if _, good := openKeys(newKey(rng), []byte(f62)); good {
		t.Error("keys opened under another TMK passed their check values")
	}
	tampered := []byte(f62)
	tampered[len(tampered)-1] ^= 1
	if _, good := openKeys(tmk, tampered); good {
		t.Error("a tampered check value passed")
	}
	// after a sign-on the host takes the old MAK until the new one is used, then only the new
	if rc, _ := ask(h, "29012345", mak).get(39); rc != "00" {
		t.Errorf("old MAK after a sign-on the terminal did not take: %s", rc)
	}
	if rc, _ := ask(h, "29012345", newKey(rng)).get(39); rc != "A0" {
		t.Errorf("an unknown MAK: %s, want A0", rc)
	}
	if rc, _ := ask(h, "29999999", mak).get(39); rc != "97" {
		t.Errorf("unknown TID: %s, want 97", rc)
	}
	h.active = false
	if rc, _ := ask(h, "29012345", mak).get(39); rc != "03" {
		t.Errorf("inactive merchant: %s, want 03", rc)
	}
	if host().exchange([]byte("garbage")) != nil {
		t.Error("the host answered garbage")
	}
}
