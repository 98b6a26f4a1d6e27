package cluster

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/util/compatibility"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	basecompatibility "k8s.io/component-base/compatibility"
	"k8s.io/kubernetes/cmd/kube-controller-manager/app"
	"k8s.io/kubernetes/cmd/kube-controller-manager/app/options"
	jobcontroller "k8s.io/kubernetes/pkg/controller/job"
)

var metav1GetOptions = metav1.GetOptions{}

// Controllers is what the harness runs of kube-controller-manager: the Job controller and what
// Jobs, cleanup and headless Services lean on. No node lifecycle, no scheduler: the agent binds.
var Controllers = []string{
	"job-controller", "ttl-after-finished-controller", "garbage-collector-controller",
	"namespace-controller", "serviceaccount-controller", "endpointslice-controller", "endpoints-controller",
	// Publishes kube-root-ca.crt, which every pod's default service-account volume projects.
	"root-ca-certificate-publisher-controller",
}

// ControllerManagerFlags are the flags of the in-process kube-controller-manager.
func ControllerManagerFlags(kubeconfig, saKey, rootCA string) []string {
	return []string{
		"--kubeconfig=" + kubeconfig,
		"--controllers=" + strings.Join(Controllers, ","),
		"--leader-elect=false",
		"--bind-address=127.0.0.1",
		// No serving endpoint: nothing scrapes it and it would need its own port and certs.
		"--secure-port=0",
		"--service-account-private-key-file=" + saKey,
		"--root-ca-file=" + rootCA,
		"--use-service-account-credentials=false",
		"--concurrent-job-syncs=5",
	}
}

// SetPodFailureBackoff shortens the Job controller's pod failure backoff (default 10s, doubling),
// as Kubernetes' own integration tests do; 0 keeps the default.
func SetPodFailureBackoff(d time.Duration) {
	if d > 0 {
		jobcontroller.DefaultJobPodFailureBackOff = d
	}
}

// StartControllerManager runs kube-controller-manager in this process, as its command does.
func StartControllerManager(ctx context.Context, args []string) error {
	s, err := options.NewKubeControllerManagerOptions()
	if err != nil {
		return err
	}
	featureGate := utilfeature.DefaultMutableFeatureGate.DeepCopy()
	effectiveVersion := compatibility.DefaultKubeEffectiveVersionForTest()
	effectiveVersion.SetEmulationVersion(featureGate.EmulationVersion())
	effectiveVersion.SetMinCompatibilityVersion(featureGate.MinCompatibilityVersion())
	registry := basecompatibility.NewComponentGlobalsRegistry()
	if err := registry.Register(basecompatibility.DefaultKubeComponent, effectiveVersion, featureGate); err != nil {
		return err
	}
	s.ComponentGlobalsRegistry = registry

	all, disabled, aliases := app.KnownControllers(), app.ControllersDisabledByDefault(), app.ControllerAliases()
	named := s.Flags(all, disabled, aliases)
	fs := pflag.NewFlagSet("kube-controller-manager", pflag.ContinueOnError)
	for _, f := range named.FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	s.ParsedFlags = &named
	if err := registry.Set(); err != nil {
		return err
	}
	config, err := s.Config(ctx, all, disabled, aliases)
	if err != nil {
		return fmt.Errorf("kube-controller-manager config: %w", err)
	}
	go func() {
		if err := app.Run(ctx, config.Complete()); err != nil {
			fmt.Printf("kube-controller-manager stopped: %v\n", err)
		}
	}()
	return nil
}
