// Command go-quote prints golden vectors for ixjob's downward-API parser: values quoted by
// Go's real strconv.Quote, inputs decoded by the real strconv.Unquote, and whole files laid
// out as the kubelet writes them (keys sorted byte-wise, key=%q, lines joined by "\n", no
// trailing newline). Run: go run ./test/vectors/go-quote > test/vectors/go-quote.json
package main

import (
	"encoding/hex"
	"encoding/json"
	"math/rand"
	"os"
	"sort"
	"strconv"
	"strings"
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

func kubeletFile(entries map[string]string) string {
	keys := make([]string, 0, len(entries))
	for key := range entries {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	lines := make([]string, 0, len(keys))
	for _, key := range keys {
		lines = append(lines, key+"="+strconv.Quote(entries[key]))
	}
	return strings.Join(lines, "\n")
}

// randomValue mixes raw bytes, ASCII and runes from blocks whose printability is stable
// across Unicode versions, so the quoting does not depend on which tables Go carries.
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

func main() {
	named := []struct{ name, value string }{
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
	}
	var quotes []quoteVector
	for _, v := range named {
		quotes = append(quotes, quoteVector{v.name, hex.EncodeToString([]byte(v.value)), hex.EncodeToString([]byte(strconv.Quote(v.value)))})
	}
	r := rand.New(rand.NewSource(20261122))
	for i := 0; i < 400; i++ {
		value := randomValue(r)
		quotes = append(quotes, quoteVector{"random " + strconv.Itoa(i), hex.EncodeToString([]byte(value)), hex.EncodeToString([]byte(strconv.Quote(value)))})
	}

	unquoteInputs := []struct{ name, input string }{
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
	var unquotes []unquoteVector
	for _, v := range unquoteInputs {
		value, err := strconv.Unquote(v.input)
		vector := unquoteVector{Name: v.name, Input: hex.EncodeToString([]byte(v.input)), OK: err == nil}
		if err == nil {
			vector.Hex = hex.EncodeToString([]byte(value))
		}
		unquotes = append(unquotes, vector)
	}

	fileEntries := []struct {
		name    string
		entries map[string]string
	}{
		{"no entries", map[string]string{}},
		{"indexed job pod", map[string]string{
			"batch.kubernetes.io/job-completion-index":   "7",
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
	}
	var files []fileVector
	for _, v := range fileEntries {
		entries := map[string]string{}
		for key, value := range v.entries {
			entries[key] = hex.EncodeToString([]byte(value))
		}
		files = append(files, fileVector{v.name, entries, hex.EncodeToString([]byte(kubeletFile(v.entries)))})
	}

	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", " ")
	if err := out.Encode(map[string]any{"generator": "go run ./test/vectors/go-quote", "quote": quotes, "unquote": unquotes, "files": files}); err != nil {
		panic(err)
	}
}
