package closer

import "strings"

// isoCurrencies are the ISO 4217 codes, current and withdrawn (an org's
// history may be in francs), as golang.org/x/text/currency knows them;
// XXX ("no currency") is not one.
const isoCurrencies = "ADP AED AFA AFN ALK ALL AMD ANG AOA AOK AON AOR ARA ARL ARM ARP ARS ATS AUD AWG AZM AZN BAD BAM " +
	"BAN BBD BDT BEC BEF BEL BGL BGM BGN BGO BHD BIF BMD BND BOB BOL BOP BOV BRB BRC BRE BRL BRN BRR " +
	"BRZ BSD BTN BUK BWP BYB BYN BYR BZD CAD CDF CHE CHF CHW CLE CLF CLP CNH CNX CNY COP COU CRC CSD " +
	"CSK CUC CUP CVE CYP CZK DDM DEM DJF DKK DOP DZD ECS ECV EEK EGP ERN ESA ESB ESP ETB EUR FIM FJD " +
	"FKP FRF GBP GEK GEL GHC GHS GIP GMD GNF GNS GQE GRD GTQ GWE GWP GYD HKD HNL HRD HRK HTG HUF IDR " +
	"IEP ILP ILR ILS INR IQD IRR ISJ ISK ITL JMD JOD JPY KES KGS KHR KMF KPW KRH KRO KRW KWD KYD KZT " +
	"LAK LBP LKR LRD LSL LTL LTT LUC LUF LUL LVL LVR LYD MAD MAF MCF MDC MDL MGA MGF MKD MKN MLF MMK " +
	"MNT MOP MRO MTL MTP MUR MVP MVR MWK MXN MXP MXV MYR MZE MZM MZN NAD NGN NIC NIO NLG NOK NPR NZD " +
	"OMR PAB PEI PEN PES PGK PHP PKR PLN PLZ PTE PYG QAR RHD ROL RON RSD RUB RUR RWF SAR SBD SCR SDD " +
	"SDG SDP SEK SGD SHP SIT SKK SLL SOS SRD SRG SSP STD STN SUR SVC SYP SZL THB TJR TJS TMM TMT TND " +
	"TOP TPE TRL TRY TTD TWD TZS UAH UAK UGS UGX USD USN USS UYI UYP UYU UZS VEB VEF VND VNN VUV WST " +
	"XAF XAG XAU XBA XBB XBC XBD XCD XDR XEU XFO XFU XOF XPD XPF XPT XRE XSU XTS XUA YDD YER YUD YUM " +
	"YUN YUR ZAL ZAR ZMK ZMW ZRN ZRZ ZWD ZWL ZWR"

// minorUnits holds the ISO 4217 exponent (the digits of the minor unit) of
// the codes whose minor unit is not the hundredth: 0 for those without one
// (JPY, KRW), 3 for thousandths (BHD, KWD), 4 (CLF), and -1 where ISO 4217
// defines none (precious metals, drawing rights, units of account, the
// testing code). Every other code of isoCurrencies has two decimals. Current
// codes are from ISO 4217's list one, withdrawn ones from its list three.
var minorUnits = map[string]int{
	// current, no minor unit
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
	"RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	// current, thousandths and ten-thousandths
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3, "CLF": 4,
	// current, none defined
	"XAG": -1, "XAU": -1, "XBA": -1, "XBB": -1, "XBC": -1, "XBD": -1, "XDR": -1, "XPD": -1,
	"XPT": -1, "XSU": -1, "XTS": -1, "XUA": -1,
	// withdrawn
	"ADP": 0, "BEF": 0, "BYR": 0, "ESP": 0, "GRD": 0, "ITL": 0, "LUF": 0, "MGF": 0, "PTE": 0,
	"TPE": 0, "TRL": 0, "XEU": -1, "XFO": -1, "XFU": -1, "XRE": -1,
}

// IsCurrency reports whether code is an ISO 4217 currency code, in capitals.
func IsCurrency(code string) bool {
	return len(code) == 3 && strings.ToUpper(code) == code && strings.Contains(" "+isoCurrencies+" ", " "+code+" ")
}

// MinorUnit returns the ISO 4217 exponent of an ISO code (2 for EUR: its
// minor unit is the hundredth; 0 for JPY), and false when ISO 4217 defines
// none (XAU).
func MinorUnit(code string) (int, bool) {
	if n, ok := minorUnits[code]; ok {
		return n, n >= 0
	}
	return 2, true
}

// CheckCurrency is the one rule on an org's currency, when an org is created
// or changed: an ISO 4217 code, in capitals, whose minor unit is the
// hundredth. Closer counts money in integer hundredths (SPEC 1: "minor units
// (cents)"), and shows and reads amounts with two decimals: a currency
// without them (JPY) or with three (KWD) would be counted wrong.
func CheckCurrency(code string) error {
	if !IsCurrency(code) {
		return FieldError("currency", "The currency must be a three-letter ISO code such as EUR, not %q.", code)
	}
	switch n, ok := MinorUnit(code); {
	case !ok:
		return FieldError("currency", "Closer counts amounts in hundredths; %s has no minor unit defined by ISO 4217.", code)
	case n == 0:
		return FieldError("currency", "Closer counts amounts in hundredths; %s has no minor unit.", code)
	case n != 2:
		return FieldError("currency", "Closer counts amounts in hundredths; %s has %d decimals.", code, n)
	}
	return nil
}
