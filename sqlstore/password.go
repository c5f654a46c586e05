package sqlstore

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"closer"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters (RFC 9106's second recommended option, lighter on memory).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// The length of a password, in characters (the forms' minlength and
// maxlength): a longer one is refused before it is hashed, at sign-in too.
const (
	minPasswordChars = 8
	maxPasswordChars = 1024
)

// hashPassword hashes a password with argon2id and a random salt, in the
// usual $argon2id$v=19$m=…,t=…,p=…$salt$hash form. Its length is counted
// in characters, as the message and the forms' minlength say: "äöüäöü"
// is six, not twelve bytes.
func hashPassword(password string) (string, error) {
	if n := utf8.RuneCountInString(password); n < minPasswordChars {
		return "", closer.FieldError("password", "The password must be at least 8 characters long.")
	} else if n > maxPasswordChars {
		return "", closer.FieldError("password", "The password is too long.")
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", argonMemory, argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// dummyHash is checked against when the user is unknown, so that both
// answers take the same time.
var dummyHash, _ = hashPassword("not a real password")

// checkPassword reports whether password matches hash (constant time).
func checkPassword(hash, password string) bool {
	if hash == "" {
		hash = dummyHash
		password += "\x00"
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || utf8.RuneCountInString(password) > maxPasswordChars {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// newSecret returns a random token secret with a recognisable prefix.
func newSecret(prefix string) string {
	b := make([]byte, 32)
	rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// hashSecret hashes a high-entropy secret (token, session id) for storage.
func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}
