// ixjob-cluster runs a small real Kubernetes control plane in one process on loopback:
// embedded etcd, kube-apiserver, kube-controller-manager and a node agent that runs pods
// as local processes. It writes a kubeconfig and a ready file into its state dir.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"

	"ixjob.dev/test/k8s/agent"
	"ixjob.dev/test/k8s/cluster"
)

func main() {
	// The agent re-executes this binary as each container's first process.
	if len(os.Args) > 2 && os.Args[1] == agent.InitCommand {
		agent.ContainerInit(os.Args[2])
		return
	}
	stateDir := flag.String("state-dir", "", "directory for etcd data, certs, kubeconfig, pod state (required)")
	images := flag.String("images", "", "JSON file mapping image name to a rootfs directory or \"host\"")
	backoff := flag.Duration("pod-failure-backoff", 0, "Job controller pod failure backoff (0: Kubernetes' 10s)")
	nodeName := flag.String("node-name", "ixjob-node", "name of the one Node")
	klog.InitFlags(nil)
	flag.Parse()
	if *stateDir == "" {
		fmt.Fprintln(os.Stderr, "--state-dir is required")
		os.Exit(2)
	}
	if err := run(*stateDir, *images, *nodeName, *backoff); err != nil {
		fmt.Fprintln(os.Stderr, "ixjob-cluster:", err)
		os.Exit(1)
	}
}

func run(stateDir, imagesFile, nodeName string, backoff time.Duration) error {
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	if err := os.MkdirAll(stateDir, 0o755); err != nil {
		return err
	}
	dir, err := filepath.Abs(stateDir)
	if err != nil {
		return err
	}
	os.Remove(filepath.Join(dir, "ready"))
	ports, err := freePorts(3)
	if err != nil {
		return err
	}
	start := time.Now()
	etcd, etcdURL, err := cluster.StartEtcd(dir, ports[0], ports[1])
	if err != nil {
		return fmt.Errorf("etcd: %w", err)
	}
	defer etcd.Close()

	sec, err := cluster.WriteSecrets(dir)
	if err != nil {
		return err
	}
	logCert, err := agent.WriteLogCert(dir)
	if err != nil {
		return err
	}
	apiFlags := append(cluster.APIServerFlags(dir, etcdURL, ports[2], sec),
		"--kubelet-certificate-authority="+logCert.CAFile, "--kubelet-preferred-address-types=InternalIP")
	rc, err := cluster.StartAPIServer(ctx, apiFlags, sec.AdminToken)
	if err != nil {
		return fmt.Errorf("kube-apiserver: %w", err)
	}
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := cluster.WriteKubeconfig(kubeconfig, rc.Host, sec.AdminToken); err != nil {
		return err
	}
	cluster.SetPodFailureBackoff(backoff)
	if err := cluster.StartControllerManager(ctx, cluster.ControllerManagerFlags(kubeconfig, sec.SAKeyFile, filepath.Join(dir, "apiserver-certs", "apiserver.crt"))); err != nil {
		return err
	}
	client, err := kubernetes.NewForConfig(rc)
	if err != nil {
		return err
	}
	imgs, err := agent.LoadImages(imagesFile)
	if err != nil {
		return err
	}
	a := agent.New(client, nodeName, filepath.Join(dir, "pods"), imgs, logCert)
	if err := a.Start(ctx); err != nil {
		return fmt.Errorf("node agent: %w", err)
	}
	// The ready file tells the tests where the cluster is, once every part is up.
	ready := fmt.Sprintf("{\"kubeconfig\":%q,\"server\":%q,\"podsDir\":%q,\"startupMs\":%d}\n",
		kubeconfig, rc.Host, filepath.Join(dir, "pods"), time.Since(start).Milliseconds())
	// Written aside and renamed: a test polling for the file never reads it half-written.
	if err := os.WriteFile(filepath.Join(dir, "ready.tmp"), []byte(ready), 0o644); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(dir, "ready.tmp"), filepath.Join(dir, "ready")); err != nil {
		return err
	}
	fmt.Print("ready ", ready)
	<-ctx.Done()
	a.Stop()
	// No graceful shutdown: the state is thrown away, and etcd's Close waits out the API server's retries.
	os.Exit(0)
	return nil
}

// freePorts asks the kernel for unused loopback ports.
func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
