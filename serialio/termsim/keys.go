package termsim

import (
	"crypto/des"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Keys of the simulated terminal and host are double-length 3DES keys (16 bytes, K1|K2),
// generated from the simulator's seed. They are simulation keys: nothing here protects
// real money, and none of them ever leaves the process — only check values do (§5 KS, SO).

const keyLen = 16

// newKey returns a random double-length key with odd parity in every byte, as key
// management systems issue them.
func newKey(rng *rand.Rand) []byte {
	k := make([]byte, keyLen)
	for i := range k {
		b := byte(rng.UintN(256)) &^ 1
		ones := 0
		for x := b; x != 0; x >>= 1 {
			ones += int(x & 1)
		}
		if ones%2 == 0 {
			b |= 1
		}
		k[i] = b
	}
	return k
}

func tdes(key []byte) (cipherBlock, error) {
	if len(key) != keyLen {
		return nil, fmt.Errorf("3DES key must be %d bytes, got %d", keyLen, len(key))
	}
	k := make([]byte, 0, 24)
	k = append(k, key...)
	k = append(k, key[:8]...)
	return des.NewTripleDESCipher(k)
}

type cipherBlock interface {
	Encrypt(dst, src []byte)
	Decrypt(dst, src []byte)
}

// ecb encrypts (or decrypts) data, a whole number of 8-byte blocks, under a double-length key.
func ecb(key, data []byte, decrypt bool) ([]byte, error) {
	if len(data)%8 != 0 {
		return nil, fmt.Errorf("3DES ECB needs whole 8-byte blocks, got %d bytes", len(data))
	}
	c, err := tdes(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(data))
	for i := 0; i < len(data); i += 8 {
		if decrypt {
			c.Decrypt(out[i:i+8], data[i:i+8])
		} else {
			c.Encrypt(out[i:i+8], data[i:i+8])
		}
	}
	return out, nil
}

// checkValue is a key's check value as PROTOCOL.md §6 defines it: the first 4 bytes of the
// key encrypting 8 zero bytes.
func checkValue(key []byte) []byte {
	if key == nil {
		return nil
	}
	out, err := ecb(key, make([]byte, 8), false)
	if err != nil {
		return nil
	}
	return out[:4]
}

// checkHex is checkValue as 8 upper-case hex digits, or "" for an absent key (§5 KS).
func checkHex(key []byte) string {
	return strings.ToUpper(hex.EncodeToString(checkValue(key)))
}

func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && subtle.ConstantTimeCompare(a, b) == 1
}

// retailMAC is the ANSI X9.19 (ISO 9797-1 algorithm 3) MAC over data padded with zeros:
// single-DES CBC under the key's left half, then decrypt with the right half and encrypt
// with the left. The terminal puts it in field 64 of its 0800 when it holds a MAK.
func retailMAC(key, data []byte) ([]byte, error) {
	if len(key) != keyLen {
		return nil, fmt.Errorf("MAC key must be %d bytes", keyLen)
	}
	left, err := des.NewCipher(key[:8])
	if err != nil {
		return nil, err
	}
	right, err := des.NewCipher(key[8:])
	if err != nil {
		return nil, err
	}
	padded := append([]byte(nil), data...)
	for len(padded)%8 != 0 || len(padded) == 0 {
		padded = append(padded, 0)
	}
	var chain [8]byte
	for i := 0; i < len(padded); i += 8 {
		for j := 0; j < 8; j++ {
			chain[j] ^= padded[i+j]
		}
		left.Encrypt(chain[:], chain[:])
	}
	right.Decrypt(chain[:], chain[:])
	left.Encrypt(chain[:], chain[:])
	return chain[:], nil
}
