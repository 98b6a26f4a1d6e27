package cluster

import (
	"fmt"
	"os"
)

// WriteKubeconfig writes a kubeconfig for the admin token; the serving cert is self-signed on loopback.
func WriteKubeconfig(path, server, token string) error {
	cfg := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: ixjob
  cluster:
    server: %s
    insecure-skip-tls-verify: true
users:
- name: admin
  user:
    token: %s
contexts:
- name: ixjob
  context:
    cluster: ixjob
    user: admin
    namespace: default
current-context: ixjob
`, server, token)
	return os.WriteFile(path, []byte(cfg), 0o600)
}
