package agent

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/klog/v2"
)

// podWorker runs one pod from binding to deletion: volumes, init containers in order, then the
// containers together; on deletion SIGTERM, SIGKILL after the grace period, then the final delete.
type podWorker struct {
	a             *Agent
	uid, ns, name string
	created       time.Time
	dir           string

	mu          sync.Mutex
	pod         *v1.Pod
	ip          string
	hostname    string
	inits, apps []*containerRun
	phase       v1.PodPhase
	sandboxUp   bool
	initialized bool
	startTime   metav1.Time
	conds       map[v1.PodConditionType]v1.PodCondition
	deleting    bool
	finished    bool
	finalized   bool
	deleted     chan struct{} // closed when a deletion is requested
	volumes     map[string]string
}

type containerRun struct {
	spec    v1.Container
	init    bool
	status  v1.ContainerStatus
	proc    *os.Process
	running bool
	logFile string
}

func newPodWorker(a *Agent, pod *v1.Pod) *podWorker {
	w := &podWorker{a: a, uid: string(pod.UID), ns: pod.Namespace, name: pod.Name, created: time.Now(),
		dir: filepath.Join(a.podsDir, pod.Namespace+"_"+pod.Name+"_"+string(pod.UID)), pod: pod,
		phase: v1.PodPending, conds: map[v1.PodConditionType]v1.PodCondition{}, deleted: make(chan struct{})}
	for _, c := range pod.Spec.InitContainers {
		w.inits = append(w.inits, &containerRun{spec: c, init: true, status: waiting(c, "PodInitializing")})
	}
	reason := "ContainerCreating"
	if len(pod.Spec.InitContainers) > 0 {
		reason = "PodInitializing"
	}
	for _, c := range pod.Spec.Containers {
		w.apps = append(w.apps, &containerRun{spec: c, status: waiting(c, reason)})
	}
	return w
}

func waiting(c v1.Container, reason string) v1.ContainerStatus {
	return v1.ContainerStatus{Name: c.Name, Image: c.Image, State: v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: reason}}}
}

// observe takes the newest pod object; a deletion timestamp starts termination.
func (w *podWorker) observe(ctx context.Context, pod *v1.Pod) {
	w.mu.Lock()
	w.pod = pod
	start := pod.DeletionTimestamp != nil && !w.deleting
	if start {
		w.deleting = true
		close(w.deleted)
	}
	finished := w.finished
	w.mu.Unlock()
	if !start {
		return
	}
	if finished {
		w.finalize(ctx)
		return
	}
	grace := int64(30)
	if pod.DeletionGracePeriodSeconds != nil {
		grace = *pod.DeletionGracePeriodSeconds
	}
	w.signalAll(syscall.SIGTERM)
	time.AfterFunc(time.Duration(grace)*time.Second, func() { w.signalAll(syscall.SIGKILL) })
}

// signalAll signals the PID 1 of each running container; killing it ends its PID namespace.
func (w *podWorker) signalAll(sig syscall.Signal) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, c := range append(append([]*containerRun{}, w.inits...), w.apps...) {
		if c.running && c.proc != nil {
			c.proc.Signal(sig)
		}
	}
}

func (w *podWorker) killAll() { w.signalAll(syscall.SIGKILL) }

func (w *podWorker) run(ctx context.Context) {
	if err := w.prepare(ctx); err != nil {
		klog.InfoS("pod sandbox failed", "pod", w.ns+"/"+w.name, "err", err)
		// As a kubelet does, the pod stays Pending until it is deleted.
		<-w.deleted
		w.mu.Lock()
		w.finished = true
		w.mu.Unlock()
		w.finalize(ctx)
		return
	}
	ok := true
	for _, c := range w.inits {
		if !w.runWithRestarts(ctx, c) {
			ok = false
			break
		}
	}
	if ok {
		w.mu.Lock()
		w.initialized = true
		w.mu.Unlock()
		w.pushStatus(ctx)
		var wg sync.WaitGroup
		for _, c := range w.apps {
			wg.Add(1)
			go func(c *containerRun) {
				defer wg.Done()
				w.runWithRestarts(ctx, c)
			}(c)
		}
		wg.Wait()
	}
	// A stopped pod leaves its peers' hosts files, as it leaves the headless Service's endpoints.
	w.a.net.remove(ctx, w.uid)
	w.mu.Lock()
	w.phase = w.terminalPhase()
	w.finished = true
	deleting := w.deleting
	w.mu.Unlock()
	w.pushStatus(ctx)
	if deleting {
		w.finalize(ctx)
	}
}

// terminalPhase is the kubelet's getPhase for a pod whose containers have all stopped.
func (w *podWorker) terminalPhase() v1.PodPhase {
	for _, c := range append(append([]*containerRun{}, w.inits...), w.apps...) {
		t := c.status.State.Terminated
		if t == nil || t.ExitCode != 0 {
			return v1.PodFailed
		}
	}
	return v1.PodSucceeded
}

// runWithRestarts runs a container until it succeeds or the restart policy gives up; true on success.
func (w *podWorker) runWithRestarts(ctx context.Context, c *containerRun) bool {
	for attempt := 0; ; attempt++ {
		code, started := w.runContainer(ctx, c)
		if !started {
			return false
		}
		if code == 0 {
			return true
		}
		w.mu.Lock()
		stop := w.deleting || w.pod.Spec.RestartPolicy == v1.RestartPolicyNever
		w.mu.Unlock()
		if stop {
			return false
		}
		// A short, growing pause in place of CrashLoopBackOff (10s doubling in a kubelet).
		select {
		case <-w.deleted:
			return false
		case <-time.After(time.Duration(attempt+1) * time.Second):
		}
	}
}

// finalize deletes the pod for good once its containers are gone, as the kubelet's status manager does.
func (w *podWorker) finalize(ctx context.Context) {
	w.mu.Lock()
	if w.finalized {
		w.mu.Unlock()
		return
	}
	w.finalized = true
	w.mu.Unlock()
	w.a.net.remove(ctx, w.uid)
	zero := int64(0)
	uid := w.pod.UID
	err := w.a.client.CoreV1().Pods(w.ns).Delete(ctx, w.name, metav1.DeleteOptions{
		GracePeriodSeconds: &zero, Preconditions: &metav1.Preconditions{UID: &uid},
	})
	if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
		klog.InfoS("final delete failed", "pod", w.ns+"/"+w.name, "err", err)
	}
}

func (w *podWorker) event(ctx context.Context, reason, message string) {
	ev := &v1.Event{
		ObjectMeta:     metav1.ObjectMeta{GenerateName: w.name + ".", Namespace: w.ns},
		InvolvedObject: v1.ObjectReference{Kind: "Pod", Namespace: w.ns, Name: w.name, UID: w.pod.UID, APIVersion: "v1"},
		Reason:         reason, Message: message, Type: v1.EventTypeWarning,
		Source:         v1.EventSource{Component: "kubelet", Host: w.a.node},
		FirstTimestamp: metav1.Now(), LastTimestamp: metav1.Now(), Count: 1,
	}
	_, _ = w.a.client.CoreV1().Events(w.ns).Create(ctx, ev, metav1.CreateOptions{})
}

// prepare is the pod sandbox: address, hostname, hosts file and volumes.
func (w *podWorker) prepare(ctx context.Context) error {
	w.mu.Lock()
	pod := w.pod
	w.ip = w.a.net.allocate()
	w.hostname = pod.Spec.Hostname
	if w.hostname == "" {
		w.hostname = pod.Name
	}
	if len(w.hostname) > 63 {
		w.hostname = w.hostname[:63]
	}
	w.startTime = metav1.Now()
	w.mu.Unlock()
	if err := os.MkdirAll(filepath.Join(w.dir, "logs"), 0o755); err != nil {
		return err
	}
	w.a.net.add(ctx, w.uid, &podNet{ns: pod.Namespace, hostname: w.hostname, subdomain: pod.Spec.Subdomain, ip: w.ip, hostsFile: filepath.Join(w.dir, "hosts")})
	w.pushStatus(ctx)
	// Like the kubelet's volume manager, retry until the volumes can be set up or the pod goes.
	var paths map[string]string
	var err error
	for attempt := 0; ; attempt++ {
		paths, err = setupVolumes(ctx, w.a.client, pod, filepath.Join(w.dir, "volumes"))
		if err == nil {
			break
		}
		if attempt == 0 {
			w.event(ctx, "FailedMount", err.Error())
		}
		select {
		case <-w.deleted:
			return err
		case <-time.After(500 * time.Millisecond):
		}
		w.mu.Lock()
		pod = w.pod
		w.mu.Unlock()
	}
	w.mu.Lock()
	w.sandboxUp = true
	w.volumes = paths
	w.mu.Unlock()
	w.pushStatus(ctx)
	return nil
}

func (w *podWorker) String() string { return fmt.Sprintf("%s/%s", w.ns, w.name) }
