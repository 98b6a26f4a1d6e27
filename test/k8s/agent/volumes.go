package agent

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	authenticationv1 "k8s.io/api/authentication/v1"
	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/kubernetes/pkg/volume/configmap"
	"k8s.io/kubernetes/pkg/volume/downwardapi"
	"k8s.io/kubernetes/pkg/volume/secret"
	volumeutil "k8s.io/kubernetes/pkg/volume/util"
)

// setupVolumes makes each pod volume under dir and returns the host path of each by name.
// Payloads come from the kubelet's volume plugins' own functions (configmap.MakePayload,
// secret.MakePayload, downwardapi.CollectData) and are written with the kubelet's AtomicWriter,
// so files are symlinks into ..data exactly as in a cluster.
func setupVolumes(ctx context.Context, client kubernetes.Interface, pod *v1.Pod, dir string) (map[string]string, error) {
	paths := map[string]string{}
	for _, vol := range pod.Spec.Volumes {
		path := filepath.Join(dir, vol.Name)
		src := vol.VolumeSource
		var payload map[string]volumeutil.FileProjection
		var err error
		switch {
		case src.HostPath != nil:
			paths[vol.Name] = src.HostPath.Path
			continue
		case src.EmptyDir != nil:
			if err := os.MkdirAll(path, 0o777); err != nil {
				return nil, err
			}
			// emptyDir is world-writable, as the kubelet makes it.
			os.Chmod(path, 0o777)
			paths[vol.Name] = path
			continue
		case src.ConfigMap != nil:
			payload, err = configMapPayload(ctx, client, pod.Namespace, src.ConfigMap.Name, src.ConfigMap.Items, src.ConfigMap.DefaultMode, src.ConfigMap.Optional)
		case src.Secret != nil:
			payload, err = secretPayload(ctx, client, pod.Namespace, src.Secret.SecretName, src.Secret.Items, src.Secret.DefaultMode, src.Secret.Optional)
		case src.DownwardAPI != nil:
			payload, err = downwardapi.CollectData(src.DownwardAPI.Items, pod, nil, modeOr(src.DownwardAPI.DefaultMode))
		case src.Projected != nil:
			payload, err = projectedPayload(ctx, client, pod, src.Projected)
		default:
			return nil, fmt.Errorf("volume %s: this agent supports emptyDir, hostPath, configMap, secret, downwardAPI and projected", vol.Name)
		}
		if err != nil {
			return nil, fmt.Errorf("volume %s: %w", vol.Name, err)
		}
		if err := os.MkdirAll(path, 0o755); err != nil {
			return nil, err
		}
		writer, err := volumeutil.NewAtomicWriter(path, pod.Namespace+"/"+pod.Name+"/"+vol.Name)
		if err != nil {
			return nil, err
		}
		if err := writer.Write(payload, nil); err != nil {
			return nil, fmt.Errorf("volume %s: %w", vol.Name, err)
		}
		paths[vol.Name] = path
	}
	return paths, nil
}

func modeOr(mode *int32) *int32 {
	if mode != nil {
		return mode
	}
	m := int32(v1.DownwardAPIVolumeSourceDefaultMode)
	return &m
}

func configMapPayload(ctx context.Context, client kubernetes.Interface, ns, name string, items []v1.KeyToPath, mode *int32, optional *bool) (map[string]volumeutil.FileProjection, error) {
	cm, err := client.CoreV1().ConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		if apierrors.IsNotFound(err) && isOptional(optional) {
			cm = &v1.ConfigMap{}
		} else {
			return nil, err
		}
	}
	return configmap.MakePayload(items, cm, modeOr(mode), isOptional(optional))
}

func secretPayload(ctx context.Context, client kubernetes.Interface, ns, name string, items []v1.KeyToPath, mode *int32, optional *bool) (map[string]volumeutil.FileProjection, error) {
	s, err := client.CoreV1().Secrets(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		if apierrors.IsNotFound(err) && isOptional(optional) {
			s = &v1.Secret{}
		} else {
			return nil, err
		}
	}
	return secret.MakePayload(items, s, modeOr(mode), isOptional(optional))
}

// projectedPayload merges its sources as the projected plugin's collectData does (that function is
// unexported); service-account tokens come from the TokenRequest API.
func projectedPayload(ctx context.Context, client kubernetes.Interface, pod *v1.Pod, p *v1.ProjectedVolumeSource) (map[string]volumeutil.FileProjection, error) {
	out := map[string]volumeutil.FileProjection{}
	mode := modeOr(p.DefaultMode)
	merge := func(m map[string]volumeutil.FileProjection, err error) error {
		if err != nil {
			return err
		}
		for k, v := range m {
			out[k] = v
		}
		return nil
	}
	for _, s := range p.Sources {
		var err error
		switch {
		case s.ConfigMap != nil:
			err = merge(configMapPayload(ctx, client, pod.Namespace, s.ConfigMap.Name, s.ConfigMap.Items, mode, s.ConfigMap.Optional))
		case s.Secret != nil:
			err = merge(secretPayload(ctx, client, pod.Namespace, s.Secret.Name, s.Secret.Items, mode, s.Secret.Optional))
		case s.DownwardAPI != nil:
			err = merge(downwardapi.CollectData(s.DownwardAPI.Items, pod, nil, mode))
		case s.ServiceAccountToken != nil:
			exp := s.ServiceAccountToken.ExpirationSeconds
			req := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{
				ExpirationSeconds: exp,
				BoundObjectRef:    &authenticationv1.BoundObjectReference{Kind: "Pod", APIVersion: "v1", Name: pod.Name, UID: pod.UID},
			}}
			if s.ServiceAccountToken.Audience != "" {
				req.Spec.Audiences = []string{s.ServiceAccountToken.Audience}
			}
			tok, terr := client.CoreV1().ServiceAccounts(pod.Namespace).CreateToken(ctx, pod.Spec.ServiceAccountName, req, metav1.CreateOptions{})
			if terr != nil {
				err = terr
			} else {
				out[s.ServiceAccountToken.Path] = volumeutil.FileProjection{Data: []byte(tok.Status.Token), Mode: 0o600}
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
