package reports

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxFormAmount is the first amount, in fen, that a form refuses: one trillion yuan (壹万亿),
// far beyond any terminal's 12-digit amount field, and where the capital numerals of the
// banking rules would need a unit they do not have.
const MaxFormAmount int64 = 1_000_000_000_000_00

var (
	capitalDigits = []rune("零壹贰叁肆伍陆柒捌玖")
	capitalPlaces = []string{"", "拾", "佰", "仟"}
	capitalGroups = []string{"亿", "万", ""}
)

func checkAmount(fen int64) error {
	switch {
	case fen < 0:
		return fmt.Errorf("%w: %s is below zero — a form carries what the cardholder paid, give the amount without a sign", ErrAmount, Yuan(fen))
	case fen >= MaxFormAmount:
		return fmt.Errorf("%w: %s is more than a form can carry (under %s)", ErrAmount, Yuan(fen), Yuan(MaxFormAmount))
	}
	return nil
}

// CapitalAmount writes an amount in fen in Chinese capital numerals (大写金额) as the banking
// rules for vouchers want it: 人民币 first; 壹拾 for a leading ten; one 零 for any run of zeros
// inside the figure (10,005.00: 壹万零伍元整) and after 元 when 角 is 0 and 分 is not
// (1,000.01: 壹仟元零壹分), and also when the yuan end in 0 before a 角 (100.10: 壹佰元零壹角整,
// the first of the two spellings the rules allow); 整 after 元 or 角, never after 分; no 元 for
// an amount under one yuan (0.05: 人民币伍分). A negative amount, or one of MaxFormAmount or more,
// is refused with ErrAmount.
func CapitalAmount(fen int64) (string, error) {
	if err := checkAmount(fen); err != nil {
		return "", err
	}
	yuan, jiao, cents := fen/100, fen/10%10, fen%10
	var b strings.Builder
	b.WriteString("人民币")
	if yuan > 0 {
		b.WriteString(capitalInteger(yuan))
		b.WriteString("元")
	}
	switch {
	case jiao == 0 && cents == 0:
		if yuan == 0 {
			b.WriteString("零元")
		}
		b.WriteString("整")
	case jiao == 0: // 分 only
		if yuan > 0 {
			b.WriteRune('零')
		}
		b.WriteRune(capitalDigits[cents])
		b.WriteString("分")
	default:
		if yuan > 0 && yuan%10 == 0 {
			b.WriteRune('零')
		}
		b.WriteRune(capitalDigits[jiao])
		b.WriteString("角")
		if cents == 0 {
			b.WriteString("整")
		} else {
			b.WriteRune(capitalDigits[cents])
			b.WriteString("分")
		}
	}
	return b.String(), nil
}

// capitalInteger writes n (1 ≤ n < 10¹²) in capital numerals, by groups of four digits
// (亿, 万, units), one 零 wherever zeros stand between non-zero digits.
func capitalInteger(n int64) string {
	groups := []int64{n / 1_0000_0000, n / 1_0000 % 1_0000, n % 1_0000}
	var b strings.Builder
	started, zero := false, false
	for i, g := range groups {
		if g == 0 {
			zero = zero || started
			continue
		}
		if started && g < 1000 {
			zero = true
		}
		if zero {
			b.WriteRune('零')
			zero = false
		}
		b.WriteString(capitalGroup(g))
		b.WriteString(capitalGroups[i])
		started = true
	}
	return b.String()
}

// capitalGroup writes 1 ≤ g ≤ 9999 without leading zeros: 壹仟零伍, 壹拾, 叁佰.
func capitalGroup(g int64) string {
	var b strings.Builder
	zero := false
	for place := 3; place >= 0; place-- {
		d := g
		for range place {
			d /= 10
		}
		d %= 10
		if d == 0 {
			zero = zero || b.Len() > 0
			continue
		}
		if zero {
			b.WriteRune('零')
			zero = false
		}
		b.WriteRune(capitalDigits[d])
		b.WriteString(capitalPlaces[place])
	}
	return b.String()
}

// Yuan writes an amount in fen as figures: ¥1,234.50 (thousands separated, two decimals), a
// minus sign before the ¥ when negative.
func Yuan(fen int64) string {
	sign := ""
	u := uint64(fen)
	if fen < 0 {
		sign, u = "-", uint64(-fen) // -MinInt64 wraps to itself, which uint64 reads right
	}
	digits := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s¥%s.%02d", sign, b.String(), u%100)
}
