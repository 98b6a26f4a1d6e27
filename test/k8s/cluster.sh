#!/bin/sh
# Starts the harness by hand, with a fresh state in test/k8s/.state, until Ctrl-C. Then, in
# another shell: export KUBECONFIG=test/k8s/.state/kubeconfig; test/k8s/.bin/kubectl get pods
set -eu
cd "$(dirname "$0")"
release=$(sed -n 's/^[[:space:]]*k8s\.io\/kubernetes \(v[0-9.]*\)$/\1/p' go.mod)
minor=$(echo "$release" | cut -d. -f2)
stamp="-X k8s.io/component-base/version.gitVersion=$release -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
GOTOOLCHAIN=local go build -ldflags "$stamp" -o .bin/ ./cmd/ixjob-cluster k8s.io/kubernetes/cmd/kubectl
rm -rf .state
# Images: IXJOB_IMAGES names a JSON map of image to rootfs directory or "host"; default all host.
exec .bin/ixjob-cluster --state-dir .state ${IXJOB_IMAGES:+--images "$IXJOB_IMAGES"} "$@"
