package diagnostics

import "posdoctor/enum"

// Area is the part of a terminal's service a code points at: the line, the printer, the
// keys... An incident is filed under the area its findings point at (reports.Category).
type Area int

// Areas. The zero value is AreaUnknown: a code that points at nothing in particular.
const (
	AreaUnknown            Area = iota // no area known for the code
	AreaCommunication                  // dial tone, line, SIM, signal, host link
	AreaPrinter                        // paper, cover, print head, light printing
	AreaKeypad                         // stuck or dead keys
	AreaKeysSignOn                     // master key, working keys, sign-on, MAC errors
	AreaCardReading                    // swipe, chip or contactless reading
	AreaHostMerchantSetup              // merchant or TID not set up or stopped at the host
	AreaTransactionDispute             // debit without success, duplicate charge, reversal
)

var areaNames = enum.Names[Area]{
	"unknown", "communication", "printer", "keypad", "keys-signon", "card-reading",
	"host-merchant-setup", "transaction-dispute",
}

// String returns the area's stable name ("keys-signon").
func (a Area) String() string { return areaNames.String(a) }

// ParseArea reads an area name as String writes it.
func ParseArea(s string) (Area, error) { return areaNames.Parse(s) }

// areaOfCode maps finding codes and result codes (PROTOCOL.md §7 local codes, host RCs) to
// the area they point at.
var areaOfCode = map[string]Area{
	"H1": AreaCommunication, "H2": AreaCommunication, "H3": AreaCommunication,
	"H4": AreaCommunication, "H5": AreaCommunication, "H6": AreaCommunication,
	"96": AreaCommunication, "98": AreaCommunication, "68": AreaCommunication,
	CodeWeakSignal: AreaCommunication, CodeSignalUnknown: AreaCommunication, CodeHostSlow: AreaCommunication,

	"P1": AreaPrinter, "P2": AreaPrinter, "P3": AreaPrinter, "P4": AreaPrinter, "P5": AreaPrinter,
	CodePaperLow: AreaPrinter, CodePrintIllegible: AreaPrinter,

	CodeStuckKey: AreaKeypad, CodeDeadKey: AreaKeypad, CodeKeyHeld: AreaKeypad, CodeKeypadIncomplete: AreaKeypad,

	"K1": AreaKeysSignOn, "K2": AreaKeysSignOn, "A0": AreaKeysSignOn,
	CodeNotSignedOn: AreaKeysSignOn, CodeSignOnOld: AreaKeysSignOn, CodeKeyAbsent: AreaKeysSignOn,

	"14": AreaCardReading, "54": AreaCardReading,

	"03": AreaHostMerchantSetup, "97": AreaHostMerchantSetup, "12": AreaHostMerchantSetup,
	"58": AreaHostMerchantSetup,

	CodeUnconfirmedRev: AreaTransactionDispute, CodeDuplicateCharge: AreaTransactionDispute,
}

// AreaOf returns the area a finding code or result code points at, AreaUnknown when it
// points at none in particular.
func AreaOf(code string) Area { return areaOfCode[code] }
