package cluster

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/pflag"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apiserver/pkg/util/compatibility"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/client-go/kubernetes"
	restclient "k8s.io/client-go/rest"
	basecompatibility "k8s.io/component-base/compatibility"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

// APIServerFlags are the command-line flags of a small real cluster's kube-apiserver.
func APIServerFlags(dir, etcdURL string, port int, sec *Secrets) []string {
	return []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--cert-dir=" + filepath.Join(dir, "apiserver-certs"),
		"--token-auth-file=" + sec.TokenFile,
		"--authorization-mode=Node,RBAC",
		// The defaults (ServiceAccount, LimitRanger, Priority, DefaultTolerationSeconds,
		// PodSecurity, ResourceQuota, TaintNodesByCondition, ...) plus NodeRestriction, as kubeadm has.
		"--enable-admission-plugins=NodeRestriction",
		"--service-account-key-file=" + sec.SAKeyFile,
		"--service-account-signing-key-file=" + sec.SAKeyFile,
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-cluster-ip-range=10.96.0.0/16",
		"--allow-privileged=true",
		"--endpoint-reconciler-type=none",
	}
}

// StartAPIServer runs kube-apiserver in this process, as its command does, and waits for /healthz.
func StartAPIServer(ctx context.Context, args []string, token string) (*restclient.Config, error) {
	s := options.NewServerRunOptions()
	// A registry of our own: the controller-manager in this process registers its own too.
	featureGate := utilfeature.DefaultMutableFeatureGate.DeepCopy()
	effectiveVersion := compatibility.DefaultKubeEffectiveVersionForTest()
	effectiveVersion.SetEmulationVersion(featureGate.EmulationVersion())
	effectiveVersion.SetMinCompatibilityVersion(featureGate.MinCompatibilityVersion())
	registry := basecompatibility.NewComponentGlobalsRegistry()
	if err := registry.Register(basecompatibility.DefaultKubeComponent, effectiveVersion, featureGate); err != nil {
		return nil, err
	}
	s.GenericServerRunOptions.ComponentGlobalsRegistry = registry

	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	for _, f := range s.Flags().FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if err := registry.Set(); err != nil {
		return nil, err
	}
	completed, err := s.Complete(ctx)
	if err != nil {
		return nil, err
	}
	if errs := completed.Validate(); len(errs) != 0 {
		return nil, utilerrors.NewAggregate(errs)
	}
	config, err := app.NewConfig(completed)
	if err != nil {
		return nil, err
	}
	cc, err := config.Complete()
	if err != nil {
		return nil, err
	}
	server, err := app.CreateServerChain(cc)
	if err != nil {
		return nil, err
	}
	errCh := make(chan error, 1)
	go func() {
		prepared, err := server.PrepareRun()
		if err == nil {
			err = prepared.Run(ctx)
		}
		errCh <- err
	}()

	host := net.JoinHostPort("127.0.0.1", strconv.Itoa(s.SecureServing.BindPort))
	rc := &restclient.Config{
		Host:            "https://" + host,
		BearerToken:     token,
		TLSClientConfig: restclient.TLSClientConfig{Insecure: true},
		QPS:             200,
		Burst:           400,
	}
	client, err := kubernetes.NewForConfig(rc)
	if err != nil {
		return nil, err
	}
	err = wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		select {
		case err := <-errCh:
			return false, fmt.Errorf("kube-apiserver stopped: %v", err)
		default:
		}
		status := 0
		client.CoreV1().RESTClient().Get().AbsPath("/readyz").Do(ctx).StatusCode(&status)
		if status != 200 {
			return false, nil
		}
		_, err := client.CoreV1().Namespaces().Get(ctx, "default", metav1GetOptions)
		return err == nil, nil
	})
	if err != nil {
		return nil, fmt.Errorf("waiting for kube-apiserver: %w", err)
	}
	return rc, nil
}
