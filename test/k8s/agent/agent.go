// Package agent is the harness's node: in place of a kubelet and a container runtime it registers
// one Node, binds pending pods to it, runs their containers as local processes in their own mount,
// PID and UTS namespaces, and reports pod status as the kubelet does.
package agent

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"

	"ixjob.dev/test/k8s/release"
)

// Agent is the one node of the harness.
type Agent struct {
	client  kubernetes.Interface
	node    string
	podsDir string
	images  Images
	net     *network
	logs    *logServer
	factory informers.SharedInformerFactory
	mu      sync.Mutex
	workers map[string]*podWorker // by pod UID
	cancel  context.CancelFunc
	logCert *LogCert
}

// New makes an agent for node name that keeps pod state under podsDir.
func New(client kubernetes.Interface, node, podsDir string, images Images, logCert *LogCert) *Agent {
	return &Agent{client: client, node: node, podsDir: podsDir, images: images, logCert: logCert,
		net: newNetwork(client), workers: map[string]*podWorker{}}
}

// Start registers the Node, serves container logs for kubectl, and starts handling pods.
func (a *Agent) Start(ctx context.Context) error {
	ctx, a.cancel = context.WithCancel(ctx)
	if err := os.MkdirAll(a.podsDir, 0o755); err != nil {
		return err
	}
	logs, err := startLogServer(a)
	if err != nil {
		return err
	}
	a.logs = logs
	if err := a.registerNode(ctx); err != nil {
		return err
	}
	a.factory = informers.NewSharedInformerFactory(a.client, 0)
	pods := a.factory.Core().V1().Pods().Informer()
	_, err = pods.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj any) { a.sync(ctx, obj.(*v1.Pod)) },
		UpdateFunc: func(_, obj any) { a.sync(ctx, obj.(*v1.Pod)) },
		DeleteFunc: func(obj any) {
			if pod, ok := obj.(*v1.Pod); ok {
				a.forget(ctx, pod)
			} else if t, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				if pod, ok := t.Obj.(*v1.Pod); ok {
					a.forget(ctx, pod)
				}
			}
		},
	})
	if err != nil {
		return err
	}
	a.factory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), pods.HasSynced) {
		return fmt.Errorf("pod informer did not sync")
	}
	go a.heartbeat(ctx)
	return nil
}

// Stop kills every running container at once (the harness is going away).
func (a *Agent) Stop() {
	a.mu.Lock()
	for _, w := range a.workers {
		w.killAll()
	}
	a.mu.Unlock()
	if a.cancel != nil {
		a.cancel()
	}
	if a.logs != nil {
		a.logs.close()
	}
}

func (a *Agent) registerNode(ctx context.Context) error {
	node := &v1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: a.node, Labels: map[string]string{
			"kubernetes.io/hostname": a.node, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
		}},
	}
	_, err := a.client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	// TaintNodesByCondition admission adds not-ready; the node lifecycle controller (not run) would lift it.
	current, err := a.client.CoreV1().Nodes().Get(ctx, a.node, metav1.GetOptions{})
	if err != nil {
		return err
	}
	current.Spec.Taints = nil
	if _, err := a.client.CoreV1().Nodes().Update(ctx, current, metav1.UpdateOptions{}); err != nil {
		return err
	}
	return a.updateNodeStatus(ctx)
}

func (a *Agent) updateNodeStatus(ctx context.Context) error {
	node, err := a.client.CoreV1().Nodes().Get(ctx, a.node, metav1.GetOptions{})
	if err != nil {
		return err
	}
	now := metav1.Now()
	capacity := v1.ResourceList{
		v1.ResourceCPU: resource.MustParse("64"), v1.ResourceMemory: resource.MustParse("256Gi"),
		v1.ResourcePods: resource.MustParse("1000"), v1.ResourceEphemeralStorage: resource.MustParse("1Ti"),
	}
	node.Status = v1.NodeStatus{
		Capacity: capacity, Allocatable: capacity,
		Phase: v1.NodeRunning,
		Conditions: []v1.NodeCondition{
			{Type: v1.NodeReady, Status: v1.ConditionTrue, Reason: "KubeletReady", Message: "ixjob node agent is posting ready status", LastHeartbeatTime: now, LastTransitionTime: now},
			{Type: v1.NodeMemoryPressure, Status: v1.ConditionFalse, Reason: "KubeletHasSufficientMemory", LastHeartbeatTime: now, LastTransitionTime: now},
			{Type: v1.NodeDiskPressure, Status: v1.ConditionFalse, Reason: "KubeletHasNoDiskPressure", LastHeartbeatTime: now, LastTransitionTime: now},
			{Type: v1.NodePIDPressure, Status: v1.ConditionFalse, Reason: "KubeletHasSufficientPID", LastHeartbeatTime: now, LastTransitionTime: now},
		},
		Addresses: []v1.NodeAddress{{Type: v1.NodeInternalIP, Address: "127.0.0.1"}, {Type: v1.NodeHostName, Address: a.node}},
		// The API server proxies `kubectl logs` to this port (see logs.go).
		DaemonEndpoints: v1.NodeDaemonEndpoints{KubeletEndpoint: v1.DaemonEndpoint{Port: int32(a.logs.port)}},
		NodeInfo:        v1.NodeSystemInfo{OperatingSystem: "linux", Architecture: "amd64", KubeletVersion: release.Version(), ContainerRuntimeVersion: "ixjob-agent://1"},
	}
	_, err = a.client.CoreV1().Nodes().UpdateStatus(ctx, node, metav1.UpdateOptions{})
	return err
}

// heartbeat keeps the Node Ready (nothing evicts here, but kubectl shows it).
func (a *Agent) heartbeat(ctx context.Context) {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.updateNodeStatus(ctx); err != nil {
				klog.V(2).InfoS("node status", "err", err)
			}
		}
	}
}

// sync reacts to a pod event: bind it if unscheduled, run it if new, stop it if deleted.
func (a *Agent) sync(ctx context.Context, pod *v1.Pod) {
	if pod.Spec.NodeName == "" {
		if pod.DeletionTimestamp == nil && (pod.Spec.SchedulerName == "" || pod.Spec.SchedulerName == v1.DefaultSchedulerName) && len(pod.Spec.SchedulingGates) == 0 {
			go a.bind(ctx, pod)
		}
		return
	}
	if pod.Spec.NodeName != a.node {
		return
	}
	uid := string(pod.UID)
	a.mu.Lock()
	w, ok := a.workers[uid]
	if !ok {
		w = newPodWorker(a, pod)
		a.workers[uid] = w
		a.mu.Unlock()
		go w.run(ctx)
	} else {
		a.mu.Unlock()
	}
	w.observe(ctx, pod)
}

// bind is the scheduler's job here: one node, so every pod goes to it.
func (a *Agent) bind(ctx context.Context, pod *v1.Pod) {
	binding := &v1.Binding{
		ObjectMeta: metav1.ObjectMeta{Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID},
		Target:     v1.ObjectReference{Kind: "Node", Name: a.node},
	}
	err := a.client.CoreV1().Pods(pod.Namespace).Bind(ctx, binding, metav1.CreateOptions{})
	if err != nil && !apierrors.IsConflict(err) && !apierrors.IsNotFound(err) {
		klog.InfoS("bind failed", "pod", klog.KObj(pod), "err", err)
	}
}

func (a *Agent) forget(ctx context.Context, pod *v1.Pod) {
	uid := string(pod.UID)
	a.mu.Lock()
	w := a.workers[uid]
	delete(a.workers, uid)
	a.mu.Unlock()
	if w != nil {
		w.killAll()
	}
	a.net.remove(ctx, uid)
}

// worker finds the worker of a running pod, for the log server.
func (a *Agent) workerFor(ns, name string) *podWorker {
	a.mu.Lock()
	defer a.mu.Unlock()
	var found *podWorker
	for _, w := range a.workers {
		if w.ns == ns && w.name == name {
			if found == nil || w.created.After(found.created) {
				found = w
			}
		}
	}
	return found
}
