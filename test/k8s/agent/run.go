package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kubecontainer "k8s.io/kubernetes/pkg/kubelet/container"
)

// runContainer starts one container and waits for it; started is false when it never ran
// (the pod is being deleted, or the image or the command cannot be resolved).
func (w *podWorker) runContainer(ctx context.Context, c *containerRun) (code int, started bool) {
	w.mu.Lock()
	if w.deleting {
		w.mu.Unlock()
		return 0, false
	}
	pod := w.pod
	restart := c.status.RestartCount
	if c.status.State.Terminated != nil {
		restart++
	}
	w.mu.Unlock()

	spec, err := w.launchSpec(ctx, pod, &c.spec)
	if err != nil {
		w.setWaiting(ctx, c, "CreateContainerConfigError", err.Error())
		return 0, false
	}
	dir := filepath.Join(w.dir, "logs", c.spec.Name)
	os.MkdirAll(dir, 0o755)
	logPath := filepath.Join(dir, strconv.Itoa(int(restart))+".log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		w.setWaiting(ctx, c, "CreateContainerError", err.Error())
		return 0, false
	}
	defer logFile.Close()
	specPath := filepath.Join(dir, strconv.Itoa(int(restart))+".json")
	data, _ := json.Marshal(spec)
	if err := os.WriteFile(specPath, data, 0o600); err != nil {
		return 0, false
	}
	self, err := os.Executable()
	if err != nil {
		return 0, false
	}
	cmd := exec.Command(self, InitCommand, specPath)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWNS | syscall.CLONE_NEWPID | syscall.CLONE_NEWUTS,
		// The harness dying takes its containers with it.
		Pdeathsig: syscall.SIGKILL,
	}
	w.mu.Lock()
	if w.deleting {
		w.mu.Unlock()
		return 0, false
	}
	if err := cmd.Start(); err != nil {
		w.mu.Unlock()
		w.setWaiting(ctx, c, "RunContainerError", err.Error())
		return 0, false
	}
	startedAt := metav1.Now()
	if c.status.State.Terminated != nil {
		c.status.LastTerminationState = v1.ContainerState{Terminated: c.status.State.Terminated}
		c.status.RestartCount = restart
	}
	id := fmt.Sprintf("ixjob://%s-%s-%d", w.uid[:8], c.spec.Name, restart)
	c.proc, c.running, c.logFile = cmd.Process, true, logPath
	c.status.ContainerID = id
	c.status.ImageID = "ixjob-image://" + c.spec.Image
	c.status.State = v1.ContainerState{Running: &v1.ContainerStateRunning{StartedAt: startedAt}}
	c.status.Ready = !c.init
	t := true
	c.status.Started = &t
	w.mu.Unlock()
	w.pushStatus(ctx)

	_ = cmd.Wait()
	code = exitCode(cmd.ProcessState)
	finished := metav1.NewTime(time.Now())
	w.mu.Lock()
	c.running = false
	reason := "Completed"
	if code != 0 {
		reason = "Error"
	}
	c.status.State = v1.ContainerState{Terminated: &v1.ContainerStateTerminated{
		ExitCode: int32(code), Reason: reason, StartedAt: startedAt, FinishedAt: finished, ContainerID: id,
	}}
	c.status.Ready = false
	f := false
	c.status.Started = &f
	w.mu.Unlock()
	w.pushStatus(ctx)
	return code, true
}

// exitCode is what a runtime reports: the exit status, or 128+signal for a killed process.
func exitCode(ps *os.ProcessState) int {
	if ps == nil {
		return 128
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

func (w *podWorker) setWaiting(ctx context.Context, c *containerRun, reason, message string) {
	w.mu.Lock()
	c.status.State = v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: reason, Message: message}}
	w.mu.Unlock()
	w.event(ctx, "Failed", c.spec.Name+": "+message)
	w.pushStatus(ctx)
}

// launchSpec resolves env, command, image and mounts for a container, with the kubelet's functions.
func (w *podWorker) launchSpec(ctx context.Context, pod *v1.Pod, c *v1.Container) (*LaunchSpec, error) {
	w.mu.Lock()
	ip, hostname, volumes := w.ip, w.hostname, w.volumes
	w.mu.Unlock()
	rootfs, ok := w.a.images.Resolve(c.Image)
	if !ok {
		return nil, fmt.Errorf("image %q is not in the harness's image map", c.Image)
	}
	env, err := containerEnv(ctx, w.a.client, pod, c, ip)
	if err != nil {
		return nil, err
	}
	command, args := kubecontainer.ExpandContainerCommandAndArgs(c, env)
	spec := &LaunchSpec{Rootfs: rootfs, Hostname: hostname, WorkDir: c.WorkingDir,
		Argv: append(append([]string{}, command...), args...), Env: processEnv(env, hostname)}
	if rootfs != "" {
		// A runtime gives a container its own /dev; the host's is the stand-in.
		spec.Mounts = append(spec.Mounts, Mount{Source: "/dev", Target: "/dev"})
	}
	for _, m := range c.VolumeMounts {
		src, ok := volumes[m.Name]
		if !ok {
			return nil, fmt.Errorf("volume mount %s: no such volume", m.Name)
		}
		subPath := m.SubPath
		if m.SubPathExpr != "" {
			subPath, err = kubecontainer.ExpandContainerVolumeMounts(m, env)
			if err != nil {
				return nil, err
			}
		}
		if subPath != "" {
			src = filepath.Join(src, subPath)
			if _, err := os.Stat(src); os.IsNotExist(err) {
				os.MkdirAll(src, 0o755)
			}
		}
		spec.Mounts = append(spec.Mounts, Mount{Source: src, Target: m.MountPath, ReadOnly: m.ReadOnly})
	}
	if !hasMount(c, "/etc/hosts") {
		spec.Mounts = append(spec.Mounts, Mount{Source: filepath.Join(w.dir, "hosts"), Target: "/etc/hosts"})
	}
	return spec, nil
}

func hasMount(c *v1.Container, path string) bool {
	for _, m := range c.VolumeMounts {
		if m.MountPath == path {
			return true
		}
	}
	return false
}
