package agent

import (
	"bufio"
	"crypto/tls"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"k8s.io/client-go/util/cert"
)

// LogCert is the serving certificate of the agent's log endpoint; the API server trusts its CA
// (--kubelet-certificate-authority) when it proxies `kubectl logs` here.
type LogCert struct{ CertFile, KeyFile, CAFile string }

// WriteLogCert makes a self-signed CA and a serving certificate for 127.0.0.1.
func WriteLogCert(dir string) (*LogCert, error) {
	certPEM, keyPEM, err := cert.GenerateSelfSignedCertKey("127.0.0.1", []net.IP{net.ParseIP("127.0.0.1")}, nil)
	if err != nil {
		return nil, err
	}
	lc := &LogCert{CertFile: filepath.Join(dir, "agent.crt"), KeyFile: filepath.Join(dir, "agent.key"), CAFile: filepath.Join(dir, "agent-ca.crt")}
	// The bundle is the serving cert followed by its CA.
	var blocks []*pem.Block
	for rest := certPEM; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		blocks = append(blocks, b)
	}
	if len(blocks) == 0 {
		return nil, fmt.Errorf("no certificate generated")
	}
	if err := os.WriteFile(lc.CertFile, certPEM, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(lc.KeyFile, keyPEM, 0o600); err != nil {
		return nil, err
	}
	return lc, os.WriteFile(lc.CAFile, pem.EncodeToMemory(blocks[len(blocks)-1]), 0o644)
}

type logServer struct {
	srv  *http.Server
	port int
}

// startLogServer serves the kubelet's /containerLogs/{ns}/{pod}/{container} from the log files.
func startLogServer(a *Agent) (*logServer, error) {
	if a.logCert == nil {
		return &logServer{}, nil
	}
	pair, err := tls.LoadX509KeyPair(a.logCert.CertFile, a.logCert.KeyFile)
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/containerLogs/{ns}/{pod}/{container}", func(rw http.ResponseWriter, r *http.Request) {
		a.serveLogs(rw, r, r.PathValue("ns"), r.PathValue("pod"), r.PathValue("container"))
	})
	s := &logServer{srv: &http.Server{Handler: mux, TLSConfig: &tls.Config{Certificates: []tls.Certificate{pair}}}, port: l.Addr().(*net.TCPAddr).Port}
	go s.srv.ServeTLS(l, "", "")
	return s, nil
}

func (s *logServer) close() {
	if s.srv != nil {
		s.srv.Close()
	}
}

func (a *Agent) serveLogs(rw http.ResponseWriter, r *http.Request, ns, pod, container string) {
	w := a.workerFor(ns, pod)
	if w == nil {
		http.Error(rw, "pod not found on this node", http.StatusNotFound)
		return
	}
	q := r.URL.Query()
	w.mu.Lock()
	var c *containerRun
	for _, x := range append(append([]*containerRun{}, w.inits...), w.apps...) {
		if x.spec.Name == container {
			c = x
		}
	}
	var path string
	if c != nil {
		restart := int(c.status.RestartCount)
		if q.Get("previous") == "true" {
			restart--
		}
		path = filepath.Join(w.dir, "logs", container, strconv.Itoa(restart)+".log")
	}
	w.mu.Unlock()
	if c == nil {
		http.Error(rw, "container not found", http.StatusNotFound)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		http.Error(rw, "container has no logs yet", http.StatusBadRequest)
		return
	}
	defer f.Close()
	rw.Header().Set("Content-Type", "text/plain")
	var out io.Writer = rw
	if tail := q.Get("tailLines"); tail != "" {
		n, _ := strconv.Atoi(tail)
		data, _ := io.ReadAll(f)
		lines := strings.SplitAfter(string(data), "\n")
		if lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		if n < len(lines) {
			lines = lines[len(lines)-n:]
		}
		io.WriteString(out, strings.Join(lines, ""))
	} else {
		io.Copy(out, f)
	}
	if q.Get("follow") != "true" {
		return
	}
	flusher, _ := rw.(http.Flusher)
	reader := bufio.NewReader(f)
	ctx := r.Context()
	for {
		n, _ := io.Copy(out, reader)
		if flusher != nil && n > 0 {
			flusher.Flush()
		}
		w.mu.Lock()
		running := c.running
		w.mu.Unlock()
		if !running {
			io.Copy(out, reader)
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}
