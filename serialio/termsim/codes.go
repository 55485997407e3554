package termsim

import "slices"

// Result codes the terminal puts in RC: the terminal-local codes of PROTOCOL.md §7, and the
// ISO 8583 field 39 codes its acquirer host answers a sign-on with (§6).
const (
	rcOK = "00"

	rcUnknownCommand = "E1"
	rcBadField       = "E2"
	rcBusy           = "E3"
	rcNoPaper        = "P1"
	rcCoverOpen      = "P2"
	rcOverheat       = "P3"
	rcLowVoltage     = "P4"
	rcPrinterFault   = "P5"
	rcNoDialTone     = "H1"
	rcLineBusy       = "H2"
	rcHostTimeout    = "H3"
	rcNoSIM          = "H4"
	rcNoNetwork      = "H5"
	rcHostRefused    = "H6"
	rcNoTMK          = "K1"
	rcKeyCheck       = "K2"

	rcInvalidMerchant = "03"
	rcFormatError     = "30"
	rcNotSupported    = "40"
	rcSystemError     = "96"
	rcUnknownTerminal = "97"
	rcTimedOut        = "98" // a journal sale whose host never answered
	rcMACError        = "A0"
)

// localCodes are the §7 codes the terminal answers with.
var localCodes = []string{rcUnknownCommand, rcBadField, rcBusy,
	rcNoPaper, rcCoverOpen, rcOverheat, rcLowVoltage, rcPrinterFault,
	rcNoDialTone, rcLineBusy, rcHostTimeout, rcNoSIM, rcNoNetwork, rcHostRefused,
	rcNoTMK, rcKeyCheck}

// hostCodes are the field 39 codes the acquirer host answers an 0800 with.
var hostCodes = []string{rcOK, rcInvalidMerchant, rcFormatError, rcNotSupported, rcSystemError, rcUnknownTerminal, rcMACError}

// ResponseCodes lists every result code the simulated terminal can emit, sorted and each
// once: in an RC (the §7 codes and its host's field 39 codes), in a journal record's rc unit
// and in an event log entry's code. A code book that explains all of them explains
// everything a drill can show; a test in this package holds the terminal to this list.
func ResponseCodes() []string {
	codes := append(append([]string(nil), localCodes...), hostCodes...)
	codes = append(codes, rcTimedOut)
	for _, f := range failureCodes {
		codes = append(codes, f.rc)
	}
	for code := range eventTexts {
		codes = append(codes, code)
	}
	for _, code := range faultEvents {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	return slices.Compact(codes)
}
