package main

import (
	"errors"
	"flag"
	"strconv"
)

// decimalValue is an integer flag read in base 10 only. flag.Int reads its
// value as Go source does: "010" is octal 8, "0x10" is 16 and "0b11" is 3,
// which nobody typing a count on a command line means. Every integer flag
// of the command line is one of these (intFlag).
type decimalValue struct{ n *int }

func (v decimalValue) String() string {
	if v.n == nil {
		return "0"
	}
	return strconv.Itoa(*v.n)
}

// Set reads s as a decimal integer; "010" is ten, "0x10" is refused.
func (v decimalValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return errors.New("not a whole number in decimal digits")
	}
	*v.n = n
	return nil
}

// flagSet reports whether the flag name was given on the command line
// (rather than left at its default, or its environment variable's value).
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// intFlag defines an integer flag of fs, read in base 10 only (decimalValue).
func intFlag(fs *flag.FlagSet, name string, value int, usage string) *int {
	n := value
	fs.Var(decimalValue{&n}, name, usage)
	return &n
}
