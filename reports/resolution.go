package reports

import (
	"posdoctor/enum"
	"posdoctor/locale"
)

// Resolution is how a visit ended.
type Resolution int

// Resolutions. The zero value means the visit is still open.
const (
	ResolutionOpen         Resolution = iota // not resolved yet
	ResolutionFixedOnSite                    // fixed at the counter
	ResolutionEscalated                      // handed to the payment service provider
	ResolutionWaitingParts                   // waiting for parts
	ResolutionSwapped                        // terminal swapped (after settlement)
)

// resolutionNames are stored and in JSON: never rename one.
var resolutionNames = enum.Names[Resolution]{"open", "fixed-on-site", "escalated", "waiting-parts", "swapped"}

var resolutionLabels = [...]locale.Text{
	ResolutionOpen:         {ZH: "未结案", ZHTW: "未結案", EN: "Open"},
	ResolutionFixedOnSite:  {ZH: "现场已修复", ZHTW: "現場已修復", EN: "Fixed on site"},
	ResolutionEscalated:    {ZH: "已升级至服务商", ZHTW: "已轉交服務商", EN: "Escalated to the service provider"},
	ResolutionWaitingParts: {ZH: "等待配件", ZHTW: "等待零件", EN: "Waiting for parts"},
	ResolutionSwapped:      {ZH: "已换机", ZHTW: "已換機", EN: "Terminal swapped"},
}

// Resolutions lists every resolution in display order.
func Resolutions() []Resolution { return resolutionNames.Values() }

// String returns the resolution's stable name ("fixed-on-site"), as stored and in JSON.
func (r Resolution) String() string { return resolutionNames.String(r) }

// ParseResolution reads a resolution name as String writes it.
func ParseResolution(s string) (Resolution, error) { return resolutionNames.Parse(s) }

// MarshalText writes the resolution's name; a resolution without one is an error.
func (r Resolution) MarshalText() ([]byte, error) { return resolutionNames.MarshalText(r) }

// UnmarshalText reads a resolution's name.
func (r *Resolution) UnmarshalText(b []byte) error { return resolutionNames.UnmarshalText(r, b) }

// Labels returns the resolution's label in every language.
func (r Resolution) Labels() locale.Text { return resolutionNames.Label(resolutionLabels[:], r) }

// Label returns the resolution's label in lang.
func (r Resolution) Label(lang locale.Lang) string { return r.Labels().In(lang) }

// ReadResolution reads a resolution as a person types it, by the rules of ReadCategory: its
// name (fixed-on-site, fixed on site) or its label in any language (现场已修复, 已換機, Swapped).
func ReadResolution(s string) (Resolution, bool) {
	return readByWords(Resolutions(), s, func(r Resolution) (string, locale.Text) { return r.String(), r.Labels() })
}
