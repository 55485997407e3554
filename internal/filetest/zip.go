package filetest

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"testing"
)

// ZipParts is every part of the zip at path (an xlsx workbook, a bundle) by name, read whole;
// a file that is no zip fails t. Tests read workbooks this way where only reports may import
// excelize.
func ZipParts(t testing.TB, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return ZipBytesParts(t, b)
}

// ZipBytesParts is ZipParts of a zip held in memory.
func ZipBytesParts(t testing.TB, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = string(data)
	}
	return parts
}
