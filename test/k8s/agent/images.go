package agent

import (
	"encoding/json"
	"fmt"
	"os"
)

// Host is the image value that runs a container's command on the host's own filesystem.
const Host = "host"

// Images maps an image name to a root filesystem directory or to Host; "*" is the fallback.
type Images map[string]string

// LoadImages reads the image map from a JSON file; an empty path maps every image to the host.
func LoadImages(path string) (Images, error) {
	if path == "" {
		return Images{"*": Host}, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Images
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Resolve returns the rootfs for an image ("" for the host), or false when the image is unknown.
func (m Images) Resolve(image string) (string, bool) {
	root, ok := m[image]
	if !ok {
		root, ok = m["*"]
	}
	if !ok {
		return "", false
	}
	if root == Host {
		return "", true
	}
	return root, true
}
