// Command ziporacle is Go's own answer for ZipStreamHashGoIT, built against the golang.org/x/mod
// vendored in the local Go installation.
//
//	ziporacle create <out.zip> <module path> <version> <dir>   zip.CreateFromDir into out.zip
//	ziporacle hash <zip>...                                    one line per zip: dirhash.HashZip's
//	                                                           h1, or "error: <message>"
package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

func main() {
	switch os.Args[1] {
	case "create":
		f, err := os.Create(os.Args[2])
		if err == nil {
			err = modzip.CreateFromDir(f, module.Version{Path: os.Args[3], Version: os.Args[4]}, os.Args[5])
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	case "hash":
		for _, z := range os.Args[2:] {
			h, err := dirhash.HashZip(z, dirhash.Hash1)
			if err != nil {
				fmt.Printf("error: %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
			} else {
				fmt.Println(h)
			}
		}
	default:
		fmt.Fprintln(os.Stderr, "usage: ziporacle create|hash ...")
		os.Exit(2)
	}
}
