// Command kubelet-vectors prints golden vectors made by the kubelet's own code: downward-API
// values and whole-map files from pkg/volume/downwardapi.CollectData (which formats maps with
// pkg/fieldpath.FormatMap), single-key items, and $(VAR) expansion from the kubelet's
// third_party/forked/golang/expansion. The JSON keeps the shape of test/vectors/go-quote.json
// (quote, unquote, files) and adds singleKey and expand.
// Run from test/k8s: go run ./cmd/kubelet-vectors > ../vectors/kubelet.json
package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/kubernetes/pkg/volume/downwardapi"
	"k8s.io/kubernetes/third_party/forked/golang/expansion"

	"ixjob.dev/test/k8s/release"
)

type quoteVector struct {
	Name   string `json:"name"`
	Hex    string `json:"hex"`
	Quoted string `json:"quotedHex"`
}

type unquoteVector struct {
	Name  string `json:"name"`
	Input string `json:"inputHex"`
	OK    bool   `json:"ok"`
	Hex   string `json:"hex,omitempty"`
}

type fileVector struct {
	Name    string            `json:"name"`
	Entries map[string]string `json:"entriesHex"`
	File    string            `json:"fileHex"`
}

type singleKeyVector struct {
	Name string `json:"name"`
	Hex  string `json:"hex"`
	File string `json:"fileHex"`
}

type expandVector struct {
	Name   string            `json:"name"`
	Input  string            `json:"inputHex"`
	Env    map[string]string `json:"envHex"`
	Output string            `json:"outputHex"`
}

var defaultMode = int32(0o644)

// downwardFiles asks the kubelet's downward-API volume code for the files of a pod with these annotations.
func downwardFiles(annotations map[string]string, items []v1.DownwardAPIVolumeFile) map[string][]byte {
	pod := &v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "default", Annotations: annotations}}
	payload, err := downwardapi.CollectData(items, pod, nil, &defaultMode)
	if err != nil {
		panic(err)
	}
	out := map[string][]byte{}
	for path, projection := range payload {
		out[path] = projection.Data
	}
	return out
}

func wholeMapFile(entries map[string]string) []byte {
	return downwardFiles(entries, []v1.DownwardAPIVolumeFile{{Path: "annotations", FieldRef: &v1.ObjectFieldSelector{FieldPath: "metadata.annotations"}}})["annotations"]
}

// kubeletQuote is the kubelet's quoting of one value: the file of a one-entry map, less "k=".
func kubeletQuote(value string) string {
	return strings.TrimPrefix(string(wholeMapFile(map[string]string{"k": value})), "k=")
}

func singleKeyFile(value string) []byte {
	items := []v1.DownwardAPIVolumeFile{{Path: "one", FieldRef: &v1.ObjectFieldSelector{FieldPath: "metadata.annotations['k']"}}}
	return downwardFiles(map[string]string{"k": value}, items)["one"]
}

// randomValue mixes raw bytes, ASCII and runes from blocks whose printability is stable
// across Unicode versions (the same generator as test/vectors/go-quote).
func randomValue(r *rand.Rand) string {
	ranges := [][2]int{{0x80, 0xff}, {0x2000, 0x206f}, {0x4e00, 0x4fff}, {0x1f600, 0x1f64f}, {0xe000, 0xe0ff}, {0x0300, 0x036f}, {0x0378, 0x0379}}
	var b strings.Builder
	n := r.Intn(40)
	for i := 0; i < n; i++ {
		switch r.Intn(4) {
		case 0:
			b.WriteByte(byte(r.Intn(256)))
		case 1:
			b.WriteByte(byte(r.Intn(128)))
		default:
			span := ranges[r.Intn(len(ranges))]
			b.WriteRune(rune(span[0] + r.Intn(span[1]-span[0]+1)))
		}
	}
	return b.String()
}

var named = []struct{ name, value string }{
	{"empty", ""},
	{"digits", "7"},
	{"every escape", "\a\b\f\n\r\t\v\\\""},
	{"other control bytes", "\x00\x01\x1b\x1f\x7f"},
	{"invalid utf-8", "\xff\xfe\xc3\x28\xe2\x82\xf0\x9f\x98"},
	{"surrogate encoded in utf-8", "\xed\xa0\x80"},
	{"overlong slash", "\xc0\xaf"},
	{"no-break space", "\u00a0"},
	{"soft hyphen", "\u00ad"},
	{"line separator", "\u2028"},
	{"byte order mark", "\ufeff"},
	{"private use", "\ue000"},
	{"unassigned", "\u0378"},
	{"supplementary private use", "\U000f0000"},
	{"replacement character", "\ufffd"},
	{"printable non-ascii", "héllo wörld 日本語 🎬"},
	{"combining mark", "e\u0301"},
	{"looks like another key", "x\nbatch.kubernetes.io/job-completion-index=\"9\""},
	{"shell hostile", "$(rm -rf /); `id` 'q' \"dq\" \\n"},
	{"single quote", "'"},
	{"equals and quotes", "a=\"b\"=c"},
	{"emoji with joiner", "👩‍🔬 ✔️"},
	{"trailing newline", "value\n"},
}

func quotes() []quoteVector {
	var out []quoteVector
	for _, v := range named {
		out = append(out, quoteVector{v.name, hex.EncodeToString([]byte(v.value)), hex.EncodeToString([]byte(kubeletQuote(v.value)))})
	}
	r := rand.New(rand.NewSource(20261122))
	for i := 0; i < 400; i++ {
		value := randomValue(r)
		out = append(out, quoteVector{"random " + strconv.Itoa(i), hex.EncodeToString([]byte(value)), hex.EncodeToString([]byte(kubeletQuote(value)))})
	}
	return out
}

// unquotes are the shim's parsing side; the kubelet never unquotes, so these stay strconv's.
func unquotes() []unquoteVector {
	inputs := []struct{ name, input string }{
		{"octal", `"\101\060\377"`},
		{"octal over 255", `"\400"`},
		{"short octal", `"\12"`},
		{"hex upper case", `"\x4A\xfF"`},
		{"short hex", `"\x4"`},
		{"u escape", `"\u00e9\u65e5"`},
		{"u surrogate", `"\ud800"`},
		{"U escape", `"\U0001F3AC"`},
		{"U beyond unicode", `"\U00110000"`},
		{"single quote escape", `"\'"`},
		{"unknown escape", `"\q"`},
		{"raw invalid byte", "\"a\xffb\""},
		{"raw invalid byte with escape", "\"\\n\xff\""},
		{"raw newline", "\"a\nb\""},
		{"raw tab", "\"a\tb\""},
		{"raw del", "\"\x7f\""},
		{"unterminated", `"abc`},
		{"trailing backslash", `"abc\`},
	}
	var out []unquoteVector
	for _, v := range inputs {
		value, err := strconv.Unquote(v.input)
		vector := unquoteVector{Name: v.name, Input: hex.EncodeToString([]byte(v.input)), OK: err == nil}
		if err == nil {
			vector.Hex = hex.EncodeToString([]byte(value))
		}
		out = append(out, vector)
	}
	return out
}

func files() []fileVector {
	cases := []struct {
		name    string
		entries map[string]string
	}{
		{"no entries", map[string]string{}},
		{"indexed job pod", map[string]string{
			"batch.kubernetes.io/job-completion-index":    "7",
			"batch.kubernetes.io/job-index-failure-count": "2",
			"kubectl.kubernetes.io/default-container":     "worker",
		}},
		{"hostile neighbours", map[string]string{
			"a.example.com/multiline":                  "line1\nbatch.kubernetes.io/job-completion-index=\"99\"\n",
			"batch.kubernetes.io/job-completion-index": "3",
			"z.example.com/bytes":                      "\xff\x00\"\\",
			"b.example.com/empty":                      "",
			"B.example.com/upper-sorts-first":          "é",
		}},
		{"every tricky value", map[string]string{}},
	}
	for _, v := range named {
		cases[3].entries["example.com/"+strings.ReplaceAll(v.name, " ", "-")] = v.value
	}
	var out []fileVector
	for _, c := range cases {
		entries := map[string]string{}
		for key, value := range c.entries {
			entries[key] = hex.EncodeToString([]byte(value))
		}
		out = append(out, fileVector{c.name, entries, hex.EncodeToString(wholeMapFile(c.entries))})
	}
	return out
}

func singleKeys() []singleKeyVector {
	var out []singleKeyVector
	for _, v := range named {
		out = append(out, singleKeyVector{v.name, hex.EncodeToString([]byte(v.value)), hex.EncodeToString(singleKeyFile(v.value))})
	}
	return out
}

// expansions run the kubelet's $(VAR) expansion as it expands command and args
// (MappingFuncFor over the container's env).
func expansions() []expandVector {
	env := map[string]string{
		"A": "alpha", "B": "$(A)", "EMPTY": "", "JOB_COMPLETION_INDEX": "3",
		"WITH SPACE": "sp", "ü": "umlaut", "X)": "never", "DOLLAR": "$$",
	}
	inputs := []struct{ name, input string }{
		{"plain", "no references"},
		{"one reference", "$(A)"},
		{"reference in text", "pre-$(A)-post"},
		{"undefined stays", "$(UNDEFINED)"},
		{"empty value", "[$(EMPTY)]"},
		{"value not re-expanded", "$(B)"},
		{"escaped", "$$(A)"},
		{"double escaped", "$$$$(A)"},
		{"escape then reference", "$$$(A)"},
		{"lone dollar", "cost $5"},
		{"trailing dollar", "end$"},
		{"unterminated", "$(A"},
		{"unterminated then closed later", "$(A $(B)"},
		{"empty name", "$()"},
		{"nested parens", "$($(A))"},
		{"space in name", "$(WITH SPACE)"},
		{"non-ascii name", "$(ü)"},
		{"non-ascii after dollar", "$ü and $日本"},
		{"dollar before emoji", "$🎬"},
		{"index", "shard-$(JOB_COMPLETION_INDEX).txt"},
		{"shell syntax untouched", "${A} $A"},
		{"adjacent", "$(A)$(A)$(EMPTY)$(A)"},
		{"value with dollars", "$(DOLLAR)"},
		{"only dollars", "$$$"},
		{"invalid utf-8 after dollar", "$\xff$(A)"},
		{"paren in name", "$(X))"},
	}
	mapping := expansion.MappingFuncFor(env)
	hexEnv := map[string]string{}
	for k, v := range env {
		hexEnv[k] = hex.EncodeToString([]byte(v))
	}
	var out []expandVector
	for _, v := range inputs {
		out = append(out, expandVector{v.name, hex.EncodeToString([]byte(v.input)), hexEnv, hex.EncodeToString([]byte(expansion.Expand(v.input, mapping)))})
	}
	return out
}

func main() {
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", " ")
	err := out.Encode(map[string]any{
		"generator": "cd test/k8s && go run ./cmd/kubelet-vectors (k8s.io/kubernetes " + release.Version() + ")",
		"quote":     quotes(), "unquote": unquotes(), "files": files(),
		"singleKey": singleKeys(), "expand": expansions(),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
