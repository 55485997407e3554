package reports

import (
	"errors"
	"math"
	"testing"
)

// TestCapitalAmount: the amounts issue 16 lists, and the zero rules of the banking
// regulations (one 零 for a run of zeros, 零 after 元 when 角 is 0, 整 never after 分).
func TestCapitalAmount(t *testing.T) {
	for _, c := range []struct {
		fen  int64
		want string
	}{
		{0, "人民币零元整"},
		{5, "人民币伍分"},
		{50, "人民币伍角整"},
		{15, "人民币壹角伍分"},
		{1000, "人民币壹拾元整"},
		{1600, "人民币壹拾陆元整"},
		{10010, "人民币壹佰元零壹角整"},
		{100001, "人民币壹仟元零壹分"},
		{123450, "人民币壹仟贰佰叁拾肆元伍角整"},
		{168032, "人民币壹仟陆佰捌拾元零叁角贰分"},
		{600714, "人民币陆仟零柒元壹角肆分"},
		{1000500, "人民币壹万零伍元整"},
		{1640902, "人民币壹万陆仟肆佰零玖元零贰分"},
		{10700053, "人民币壹拾万柒仟元零伍角叁分"},
		{1000000, "人民币壹万元整"},
		{10000000000, "人民币壹亿元整"},
		{10000000100, "人民币壹亿零壹元整"},
		{10200000000, "人民币壹亿零贰佰万元整"},
		{12000000000, "人民币壹亿贰仟万元整"},
		{10000100000, "人民币壹亿零壹仟元整"},
		{MaxFormAmount - 1, "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
	} {
		t.Run(Yuan(c.fen), func(t *testing.T) {
			got, err := CapitalAmount(c.fen)
			if err != nil || got != c.want {
				t.Errorf("CapitalAmount(%d) = %q, %v; want %q", c.fen, got, err, c.want)
			}
		})
	}
}

// TestCapitalAmountRefuses: a negative amount and one a form cannot carry are refused with
// ErrAmount and a message, never a panic.
func TestCapitalAmountRefuses(t *testing.T) {
	for _, fen := range []int64{-1, -123450, math.MinInt64, MaxFormAmount, math.MaxInt64} {
		got, err := CapitalAmount(fen)
		if !errors.Is(err, ErrAmount) || got != "" {
			t.Errorf("CapitalAmount(%d) = %q, %v; want ErrAmount", fen, got, err)
		}
		if err != nil && len(err.Error()) < 20 {
			t.Errorf("message %q says too little", err)
		}
	}
}

func TestYuan(t *testing.T) {
	for fen, want := range map[int64]string{
		0: "¥0.00", 5: "¥0.05", 123450: "¥1,234.50", 100000000: "¥1,000,000.00", -123450: "-¥1,234.50",
		math.MinInt64: "-¥92,233,720,368,547,758.08",
	} {
		if got := Yuan(fen); got != want {
			t.Errorf("Yuan(%d) = %q, want %q", fen, got, want)
		}
	}
}
