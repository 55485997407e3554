// Package enum gives the project's small enumerations one pattern: a list of stable names,
// indexed by the value, that String, Parse and the text (JSON) encoding all read. A type
// declares its names once and forwards to them:
//
//	var statusNames = enum.Names[Status]{"pass", "warn", "fail"}
//	func (s Status) String() string                 { return statusNames.String(s) }
//	func ParseStatus(s string) (Status, error)        { return statusNames.Parse(s) }
//	func (s Status) MarshalText() ([]byte, error)     { return statusNames.MarshalText(s) }
//	func (s *Status) UnmarshalText(b []byte) error    { return statusNames.UnmarshalText(s, b) }
//
// A type with a label in every language keeps its labels in a table indexed the same way and
// reads it with Label, which shows a value without a label as its name:
//
//	func (s Status) Label() locale.Text { return statusNames.Label(statusLabels[:], s) }
//
// It imports nothing of the project but locale (the shape of a label).
package enum
