// Package release names the Kubernetes release the harness is built from: go.mod is the one place
// it is pinned, and the build info carries it.
package release

import "runtime/debug"

// Version is k8s.io/kubernetes's version in this binary's build list, e.g. "v1.36.3".
func Version() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			if m.Path == "k8s.io/kubernetes" {
				return m.Version
			}
		}
	}
	return "unknown"
}
