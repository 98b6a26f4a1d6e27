package agent

import (
	"context"
	"encoding/json"
	"strings"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/klog/v2"
)

// pushStatus sends the pod's status the way the kubelet's status manager does: a patch of the
// status subresource guarded by the pod's UID.
func (w *podWorker) pushStatus(ctx context.Context) {
	w.mu.Lock()
	status := w.statusLocked()
	uid := w.pod.UID
	w.mu.Unlock()
	patch, err := json.Marshal(map[string]any{"metadata": map[string]any{"uid": uid}, "status": status})
	if err != nil {
		return
	}
	_, err = w.a.client.CoreV1().Pods(w.ns).Patch(ctx, w.name, types.StrategicMergePatchType, patch, metav1.PatchOptions{}, "status")
	if err != nil {
		klog.V(2).InfoS("status patch failed", "pod", w.String(), "err", err)
	}
}

// statusLocked is the kubelet's generateAPIPodStatus for this worker's state.
func (w *podWorker) statusLocked() v1.PodStatus {
	st := v1.PodStatus{
		Phase:   w.phase,
		HostIP:  "127.0.0.1",
		HostIPs: []v1.HostIP{{IP: "127.0.0.1"}},
	}
	if w.phase == v1.PodPending && w.hasRunning() {
		st.Phase = v1.PodRunning
	}
	if !w.startTime.IsZero() {
		st.StartTime = &w.startTime
	}
	if w.ip != "" {
		st.PodIP = w.ip
		st.PodIPs = []v1.PodIP{{IP: w.ip}}
	}
	for _, c := range w.inits {
		st.InitContainerStatuses = append(st.InitContainerStatuses, c.status)
	}
	for _, c := range w.apps {
		st.ContainerStatuses = append(st.ContainerStatuses, c.status)
	}
	terminal := w.phase == v1.PodSucceeded || w.phase == v1.PodFailed

	w.setCond(v1.PodReadyToStartContainers, w.sandboxUp && !terminal, "", "")
	var pendingInit []string
	for _, c := range w.inits {
		if c.status.State.Terminated == nil || c.status.State.Terminated.ExitCode != 0 {
			pendingInit = append(pendingInit, c.spec.Name)
		}
	}
	if w.initialized || len(pendingInit) == 0 {
		w.setCond(v1.PodInitialized, true, "", "")
	} else {
		w.setCond(v1.PodInitialized, false, "ContainersNotInitialized", "containers with incomplete status: ["+strings.Join(pendingInit, " ")+"]")
	}
	var unready []string
	for _, c := range w.apps {
		if !c.status.Ready {
			unready = append(unready, c.spec.Name)
		}
	}
	switch {
	case terminal:
		w.setCond(v1.ContainersReady, false, "PodCompleted", "")
		w.setCond(v1.PodReady, false, "PodCompleted", "")
	case len(unready) > 0:
		msg := "containers with unready status: [" + strings.Join(unready, " ") + "]"
		w.setCond(v1.ContainersReady, false, "ContainersNotReady", msg)
		w.setCond(v1.PodReady, false, "ContainersNotReady", msg)
	default:
		w.setCond(v1.ContainersReady, true, "", "")
		w.setCond(v1.PodReady, true, "", "")
	}
	for _, t := range []v1.PodConditionType{v1.PodReadyToStartContainers, v1.PodInitialized, v1.PodReady, v1.ContainersReady} {
		st.Conditions = append(st.Conditions, w.conds[t])
	}
	return st
}

func (w *podWorker) hasRunning() bool {
	for _, c := range append(append([]*containerRun{}, w.inits...), w.apps...) {
		if c.running || c.status.State.Terminated != nil {
			return w.initialized || c.init
		}
	}
	return false
}

// setCond keeps lastTransitionTime unless the status changes, as the kubelet does.
func (w *podWorker) setCond(t v1.PodConditionType, ok bool, reason, message string) {
	status := v1.ConditionFalse
	if ok {
		status = v1.ConditionTrue
	}
	old, had := w.conds[t]
	cond := v1.PodCondition{Type: t, Status: status, Reason: reason, Message: message, LastTransitionTime: old.LastTransitionTime}
	if !had || old.Status != status {
		cond.LastTransitionTime = metav1.Now()
	}
	cond.ObservedGeneration = w.pod.Generation
	w.conds[t] = cond
}
