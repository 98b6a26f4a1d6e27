package agent

import (
	"context"
	"fmt"
	"strings"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"
	podshelper "k8s.io/kubernetes/pkg/apis/core/pods"
	"k8s.io/kubernetes/pkg/fieldpath"
	kubecontainer "k8s.io/kubernetes/pkg/kubelet/container"
	"k8s.io/kubernetes/pkg/kubelet/envvars"
	"k8s.io/kubernetes/third_party/forked/golang/expansion"
)

// The kubelet builds a container's environment in (*Kubelet).makeEnvironmentVariables, a method
// on the whole Kubelet that cannot be called from outside its package. containerEnv is a line-by-line
// copy of its algorithm (envFrom first, then env in order with $(VAR) expansion over the env so far
// and the service variables, then the remaining service variables), calling the kubelet's own pieces
// for everything else: expansion.MappingFuncFor/Expand, envvars.FromServices, fieldpath and the
// downward-API field label conversion. Not copied: resourceFieldRef and fileKeyRef sources.
func containerEnv(ctx context.Context, client kubernetes.Interface, pod *v1.Pod, c *v1.Container, podIP string) ([]kubecontainer.EnvVar, error) {
	serviceEnv, err := serviceEnvMap(ctx, client, pod)
	if err != nil {
		return nil, err
	}
	configMaps := map[string]*v1.ConfigMap{}
	secrets := map[string]*v1.Secret{}
	tmpEnv := map[string]string{}
	getCM := func(name string) (*v1.ConfigMap, error) {
		if cm, ok := configMaps[name]; ok {
			return cm, nil
		}
		cm, err := client.CoreV1().ConfigMaps(pod.Namespace).Get(ctx, name, metav1.GetOptions{})
		if err == nil {
			configMaps[name] = cm
		}
		return cm, err
	}
	getSecret := func(name string) (*v1.Secret, error) {
		if s, ok := secrets[name]; ok {
			return s, nil
		}
		s, err := client.CoreV1().Secrets(pod.Namespace).Get(ctx, name, metav1.GetOptions{})
		if err == nil {
			secrets[name] = s
		}
		return s, err
	}
	for _, from := range c.EnvFrom {
		switch {
		case from.ConfigMapRef != nil:
			cm, err := getCM(from.ConfigMapRef.Name)
			if err != nil {
				if isOptional(from.ConfigMapRef.Optional) {
					continue
				}
				return nil, err
			}
			for k, v := range cm.Data {
				tmpEnv[from.Prefix+k] = v
			}
		case from.SecretRef != nil:
			s, err := getSecret(from.SecretRef.Name)
			if err != nil {
				if isOptional(from.SecretRef.Optional) {
					continue
				}
				return nil, err
			}
			for k, v := range s.Data {
				tmpEnv[from.Prefix+k] = string(v)
			}
		}
	}
	mapping := expansion.MappingFuncFor(tmpEnv, serviceEnv)
	for _, e := range c.Env {
		value := e.Value
		if value != "" {
			value = expansion.Expand(value, mapping)
		} else if e.ValueFrom != nil {
			switch {
			case e.ValueFrom.FieldRef != nil:
				value, err = podFieldValue(e.ValueFrom.FieldRef, pod, podIP)
				if err != nil {
					return nil, err
				}
			case e.ValueFrom.ConfigMapKeyRef != nil:
				ref := e.ValueFrom.ConfigMapKeyRef
				cm, err := getCM(ref.Name)
				if err != nil {
					if isOptional(ref.Optional) {
						continue
					}
					return nil, err
				}
				v, ok := cm.Data[ref.Key]
				if !ok {
					if isOptional(ref.Optional) {
						continue
					}
					return nil, fmt.Errorf("couldn't find key %v in ConfigMap %v/%v", ref.Key, pod.Namespace, ref.Name)
				}
				value = v
			case e.ValueFrom.SecretKeyRef != nil:
				ref := e.ValueFrom.SecretKeyRef
				s, err := getSecret(ref.Name)
				if err != nil {
					if isOptional(ref.Optional) {
						continue
					}
					return nil, err
				}
				v, ok := s.Data[ref.Key]
				if !ok {
					if isOptional(ref.Optional) {
						continue
					}
					return nil, fmt.Errorf("couldn't find key %v in Secret %v/%v", ref.Key, pod.Namespace, ref.Name)
				}
				value = string(v)
			default:
				return nil, fmt.Errorf("env %s: this agent does not support that valueFrom source", e.Name)
			}
		}
		tmpEnv[e.Name] = value
	}
	var result []kubecontainer.EnvVar
	for k, v := range tmpEnv {
		result = append(result, kubecontainer.EnvVar{Name: k, Value: v})
	}
	for k, v := range serviceEnv {
		if _, present := tmpEnv[k]; !present {
			result = append(result, kubecontainer.EnvVar{Name: k, Value: v})
		}
	}
	return result, nil
}

func isOptional(b *bool) bool { return b != nil && *b }

// podFieldValue is the kubelet's podFieldSelectorRuntimeValue for a one-node, one-IP cluster.
func podFieldValue(fs *v1.ObjectFieldSelector, pod *v1.Pod, podIP string) (string, error) {
	path, _, err := podshelper.ConvertDownwardAPIFieldLabel(fs.APIVersion, fs.FieldPath, "")
	if err != nil {
		return "", err
	}
	switch path {
	case "spec.nodeName":
		return pod.Spec.NodeName, nil
	case "spec.serviceAccountName":
		return pod.Spec.ServiceAccountName, nil
	case "status.hostIP", "status.hostIPs":
		return "127.0.0.1", nil
	case "status.podIP", "status.podIPs":
		return podIP, nil
	}
	return fieldpath.ExtractFieldPathAsString(pod, path)
}

// serviceEnvMap is the kubelet's getServiceEnvVarMap: services of the pod's namespace when
// enableServiceLinks, plus the master service from "default", through envvars.FromServices.
func serviceEnvMap(ctx context.Context, client kubernetes.Interface, pod *v1.Pod) (map[string]string, error) {
	var services []*v1.Service
	add := func(ns string, only string) error {
		list, err := client.CoreV1().Services(ns).List(ctx, metav1.ListOptions{LabelSelector: labels.Everything().String()})
		if err != nil {
			return err
		}
		for i := range list.Items {
			s := &list.Items[i]
			if only != "" && s.Name != only {
				continue
			}
			if s.Spec.ClusterIP == "" || s.Spec.ClusterIP == v1.ClusterIPNone {
				continue
			}
			services = append(services, s)
		}
		return nil
	}
	links := pod.Spec.EnableServiceLinks == nil || *pod.Spec.EnableServiceLinks
	if links {
		if err := add(pod.Namespace, ""); err != nil {
			return nil, err
		}
	}
	if pod.Namespace != metav1.NamespaceDefault || !links {
		if err := add(metav1.NamespaceDefault, "kubernetes"); err != nil {
			return nil, err
		}
	}
	m := map[string]string{}
	for _, e := range envvars.FromServices(services) {
		if _, exists := m[e.Name]; !exists {
			m[e.Name] = e.Value
		}
	}
	return m, nil
}

// imageDefaultPath is what a typical image's ENV PATH holds; images here have no config.
const imageDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// processEnv is the final environ of the process: the kubelet's variables plus what a runtime adds.
func processEnv(env []kubecontainer.EnvVar, hostname string) []string {
	out := []string{}
	hasPath := false
	for _, e := range env {
		if e.Name == "PATH" {
			hasPath = true
		}
		out = append(out, e.Name+"="+e.Value)
	}
	if !hasPath {
		out = append([]string{"PATH=" + imageDefaultPath}, out...)
	}
	// containerd sets HOSTNAME unless the pod sets it.
	if !strings.Contains(strings.Join(out, "\x00")+"\x00", "\x00HOSTNAME=") && !strings.HasPrefix(strings.Join(out, "\x00"), "HOSTNAME=") {
		out = append(out, "HOSTNAME="+hostname)
	}
	return out
}
