package e2e

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goctl copies only the first line of an rpc's comment into the generated
// server and the logic file it scaffolds; a first line that ends mid-sentence
// leaves half a sentence in both. Every rpc comment's first line is a whole
// sentence.
func TestRPCCommentsStartWithAWholeSentence(t *testing.T) {
	files, err := filepath.Glob("../proto/*.proto")
	if err != nil || len(files) == 0 {
		t.Fatalf("no proto files in ../proto: %v", err)
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		var comment []string
		sc := bufio.NewScanner(fh)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			switch {
			case strings.HasPrefix(line, "//"):
				comment = append(comment, strings.TrimSpace(strings.TrimPrefix(line, "//")))
			case strings.HasPrefix(line, "rpc "):
				if len(comment) > 0 && !strings.HasSuffix(comment[0], ".") {
					t.Errorf("%s:%d: the comment of %q starts with %q, which goctl copies alone: make it a whole sentence",
						filepath.Base(f), n, strings.Fields(line)[1], comment[0])
				}
				comment = nil
			default:
				comment = nil
			}
		}
		_ = fh.Close()
	}
}
