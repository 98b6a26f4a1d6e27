package cluster

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"os"
	"path/filepath"
)

// Secrets holds the files a cluster's components share: the service-account key and the admin token.
type Secrets struct {
	SAKeyFile  string
	TokenFile  string
	AdminToken string
}

// WriteSecrets makes a fresh service-account signing key and a static admin token.
func WriteSecrets(dir string) (*Secrets, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	s := &Secrets{SAKeyFile: filepath.Join(dir, "sa.key"), TokenFile: filepath.Join(dir, "tokens.csv")}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err := os.WriteFile(s.SAKeyFile, pemKey, 0o600); err != nil {
		return nil, err
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	s.AdminToken = hex.EncodeToString(b)
	// system:masters bypasses RBAC: the tests, kubectl and the controllers all act as admin.
	line := s.AdminToken + ",admin,admin,system:masters\n"
	if err := os.WriteFile(s.TokenFile, []byte(line), 0o600); err != nil {
		return nil, err
	}
	return s, nil
}
