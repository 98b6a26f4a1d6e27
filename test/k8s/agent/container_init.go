package agent

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// InitCommand is the hidden subcommand the agent re-executes itself with, inside fresh mount,
// PID and UTS namespaces, to lay out one container's filesystem and exec its command as PID 1.
const InitCommand = "__container-init"

// Mount is one bind mount of a pod volume (or the hosts file) at a container path.
type Mount struct {
	Source   string `json:"source"`
	Target   string `json:"target"`
	ReadOnly bool   `json:"readOnly,omitempty"`
}

// LaunchSpec is everything the in-namespace helper needs; the agent writes it as JSON.
type LaunchSpec struct {
	Rootfs   string   `json:"rootfs"` // "" runs on the host's filesystem
	Hostname string   `json:"hostname"`
	Mounts   []Mount  `json:"mounts"`
	WorkDir  string   `json:"workDir"`
	Argv     []string `json:"argv"`
	Env      []string `json:"env"`
}

// ContainerInit runs in the new namespaces; on success it never returns (exec).
func ContainerInit(specFile string) {
	if err := containerInit(specFile); err != nil {
		// 128 is what runtimes use for "could not start the container process".
		fmt.Fprintln(os.Stderr, "ixjob agent: container start:", err)
		os.Exit(128)
	}
}

func containerInit(specFile string) error {
	data, err := os.ReadFile(specFile)
	if err != nil {
		return err
	}
	var spec LaunchSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return err
	}
	// Nothing mounted here may leak back to the host's mount namespace.
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make / private: %w", err)
	}
	if spec.Hostname != "" {
		if err := syscall.Sethostname([]byte(spec.Hostname)); err != nil {
			return fmt.Errorf("sethostname: %w", err)
		}
	}
	root := spec.Rootfs
	if root == "" {
		root = "/"
	}
	for _, m := range spec.Mounts {
		// On the host's own filesystem a missing mount point would be made on the host for good.
		if _, err := os.Stat(m.Target); spec.Rootfs == "" && err != nil {
			return fmt.Errorf("mount point %s does not exist on the host (image mapped to the host)", m.Target)
		}
		if err := bindMount(m, root); err != nil {
			return err
		}
	}
	// A fresh /proc shows this PID namespace only, as in a container.
	procDir := filepath.Join(root, "proc")
	if err := os.MkdirAll(procDir, 0o555); err == nil {
		_ = syscall.Mount("proc", procDir, "proc", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, "")
	}
	if spec.Rootfs != "" {
		if err := syscall.Chroot(root); err != nil {
			return fmt.Errorf("chroot %s: %w", root, err)
		}
	}
	workDir := spec.WorkDir
	if workDir == "" {
		workDir = "/"
	}
	if err := os.MkdirAll(workDir, 0o755); err != nil {
		return err
	}
	if err := os.Chdir(workDir); err != nil {
		return err
	}
	if len(spec.Argv) == 0 {
		return fmt.Errorf("no command: images here carry no entrypoint, so the pod must set command or args")
	}
	path, err := lookPath(spec.Argv[0], spec.Env)
	if err != nil {
		return err
	}
	return syscall.Exec(path, spec.Argv, spec.Env)
}

func bindMount(m Mount, root string) error {
	target := filepath.Join(root, m.Target)
	info, err := os.Stat(m.Source)
	if err != nil {
		return err
	}
	if info.IsDir() {
		if err := os.MkdirAll(target, 0o755); err != nil {
			return err
		}
	} else {
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if _, err := os.Stat(target); os.IsNotExist(err) {
			if f, err := os.Create(target); err == nil {
				f.Close()
			}
		}
	}
	if err := syscall.Mount(m.Source, target, "", syscall.MS_BIND|syscall.MS_REC, ""); err != nil {
		return fmt.Errorf("bind %s at %s: %w", m.Source, target, err)
	}
	if m.ReadOnly {
		if err := syscall.Mount("", target, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
			return fmt.Errorf("read-only %s: %w", target, err)
		}
	}
	return nil
}

// lookPath resolves a command in the container's PATH (after chroot), as runtimes do.
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	path := imageDefaultPath
	for _, e := range env {
		if strings.HasPrefix(e, "PATH=") {
			path = e[len("PATH="):]
		}
	}
	for _, dir := range filepath.SplitList(path) {
		candidate := filepath.Join(dir, name)
		if info, err := os.Stat(candidate); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
			return candidate, nil
		}
	}
	return "", fmt.Errorf("executable %q not found in PATH %q", name, path)
}
