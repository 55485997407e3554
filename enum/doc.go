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
// It is a leaf: it imports nothing of the project.
package enum
