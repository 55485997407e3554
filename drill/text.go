package drill

import (
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
)

// Text is a label as a scenario file writes it: zh and en are required, zh_TW is optional
// (converted from zh with the code book's OpenCC dictionaries when absent).
type Text struct {
	ZH   string `yaml:"zh" json:"zh"`
	ZHTW string `yaml:"zh_TW,omitempty" json:"zh_TW,omitempty"`
	EN   string `yaml:"en" json:"en"`
}

// Locale is t in every language, Traditional filled in from Simplified when the file has none.
func (t Text) Locale() locale.Text {
	tw := t.ZHTW
	if tw == "" {
		tw = codebook.ToTraditional(t.ZH)
	}
	return locale.Text{ZH: t.ZH, ZHTW: tw, EN: t.EN}
}

// In is t in l.
func (t Text) In(l locale.Lang) string {
	if l == locale.ZHTW && t.ZHTW == "" {
		return t.Locale().In(l)
	}
	return locale.Text{ZH: t.ZH, ZHTW: t.ZHTW, EN: t.EN}.In(l)
}

func (t Text) empty() bool { return t.ZH == "" && t.ZHTW == "" && t.EN == "" }
