package agent

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// network gives each pod its own loopback address and keeps one hosts file per pod that maps
// every peer of the same namespace and subdomain (with a headless Service of that name) to its
// address: cluster DNS for a one-node, one-network-namespace cluster.
type network struct {
	mu     sync.Mutex
	next   int
	client kubernetes.Interface
	pods   map[string]*podNet // by pod UID
}

type podNet struct {
	ns, hostname, subdomain, ip, hostsFile string
}

func newNetwork(client kubernetes.Interface) *network {
	return &network{client: client, pods: map[string]*podNet{}, next: 1}
}

// allocate returns a fresh address in 127.0.1.1 ... 127.0.255.254 (127.0.0.x stays the host's).
func (n *network) allocate() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	i := n.next
	n.next++
	return fmt.Sprintf("127.0.%d.%d", 1+(i/254)%255, 1+i%254)
}

func (n *network) add(ctx context.Context, uid string, p *podNet) {
	n.mu.Lock()
	n.pods[uid] = p
	n.mu.Unlock()
	n.rewrite(ctx, p.ns, p.subdomain)
}

func (n *network) remove(ctx context.Context, uid string) {
	n.mu.Lock()
	p := n.pods[uid]
	delete(n.pods, uid)
	n.mu.Unlock()
	if p != nil {
		n.rewrite(ctx, p.ns, p.subdomain)
	}
}

// rewrite refreshes the hosts files of a namespace's pods in a subdomain. Files are rewritten in
// place: they are bind-mounted, and a rename would leave the container on the old inode.
func (n *network) rewrite(ctx context.Context, ns, subdomain string) {
	headless := false
	if subdomain != "" {
		svc, err := n.client.CoreV1().Services(ns).Get(ctx, subdomain, metav1.GetOptions{})
		headless = err == nil && svc.Spec.ClusterIP == "None"
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	var peers []*podNet
	for _, p := range n.pods {
		if p.ns == ns && p.subdomain == subdomain && subdomain != "" {
			peers = append(peers, p)
		}
	}
	sort.Slice(peers, func(i, j int) bool { return peers[i].hostname < peers[j].hostname })
	for _, p := range n.pods {
		if p.ns != ns || p.subdomain != subdomain {
			continue
		}
		var lines []string
		if headless {
			for _, q := range peers {
				if q != p {
					lines = append(lines, hostsLine(q))
				}
			}
		}
		writeInPlace(p.hostsFile, hostsFile(p, lines))
	}
}

func hostsLine(p *podNet) string {
	if p.subdomain == "" {
		return p.ip + "\t" + p.hostname
	}
	return fmt.Sprintf("%s\t%s.%s.%s.svc.cluster.local\t%s.%s\t%s", p.ip, p.hostname, p.subdomain, p.ns, p.hostname, p.subdomain, p.hostname)
}

// hostsFile is the kubelet's managed hosts file, plus the peers' lines that DNS would answer.
func hostsFile(p *podNet, peers []string) string {
	var b strings.Builder
	b.WriteString("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n")
	b.WriteString(hostsLine(p) + "\n")
	if len(peers) > 0 {
		b.WriteString("# Peers (what cluster DNS would answer for the headless Service).\n")
		for _, l := range peers {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

func writeInPlace(path, content string) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	f.WriteString(content)
}
