package cardtest

import (
	"slices"
	"testing"
)

func TestLeaks(t *testing.T) {
	const card = "4111111111111111"
	for _, tc := range []struct {
		in   string
		leak bool
	}{
		{"卡号 " + card, true},
		{"卡号 " + FullWidth(card), true},
		{"4111 1111\u30001111\u00a01111", true},
		{"4111-1111.1111\u20091111", true},
		{"４１１１－１１１１．１１１１　１１１１", true},
		{"411111******1111", false},
		{FullWidth("411111") + "＊＊＊＊＊＊" + FullWidth("1111"), false},
		{"4111 11** **** 1111", false},
	} {
		got := Leaks(tc.in, card)
		if leak := slices.Contains(got, card); leak != tc.leak {
			t.Errorf("Leaks(%q) = %v, want a leak: %v", tc.in, got, tc.leak)
		}
	}
}
