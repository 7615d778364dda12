// Package main imports a few large modules so that their dependency graph is downloaded.
package main

import (
	_ "github.com/prometheus/client_golang/prometheus"
	_ "golang.org/x/tools/go/packages"
	_ "k8s.io/client-go/kubernetes"
)

func main() {}
