package e2e

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// An order's status is stated in four places: the saga's constants
// (order-rpc/internal/saga/decide.go), the comment of OrderInfo.status in
// proto/order.proto, the options of Order.status in user-api/user.api, and
// the enum of docs/openapi.json (generated from user.api, and from it
// clients/ts). They agree: what clients see is every status of the saga but
// ABANDONING, which they see as PENDING, in the same order everywhere.
func TestOrderStatusesAgree(t *testing.T) {
	read := func(path string) string {
		t.Helper()
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}

	// The saga: the string constants of decide.go's first const block.
	decide := read("../order-rpc/internal/saga/decide.go")
	block := decide[strings.Index(decide, "const ("):]
	block = block[:strings.Index(block, "\n)")]
	var saga []string
	for _, m := range regexp.MustCompile(`= "([A-Z]+)"`).FindAllStringSubmatch(block, -1) {
		saga = append(saga, m[1])
	}
	var visible []string
	for _, s := range saga {
		if s != "ABANDONING" {
			visible = append(visible, s)
		}
	}
	if len(visible) != len(saga)-1 || len(visible) < 5 {
		t.Fatalf("the saga's statuses %v: want ABANDONING and the ones clients see", saga)
	}

	// proto/order.proto: the comment above OrderInfo's status.
	proto := read("../proto/order.proto")
	m := regexp.MustCompile(`(?s)message OrderInfo \{.*?((?:\n\s*//[^\n]*)+)\n\s*string status = `).FindStringSubmatch(proto)
	if m == nil {
		t.Fatal("proto/order.proto: no comment above OrderInfo.status")
	}
	comment := m[1]
	// Its list comes first; the sentence after it ("shown PENDING until it
	// is REJECTED") names some again.
	inProto := regexp.MustCompile(`\b[A-Z]{5,}\b`).FindAllString(comment, -1)
	if !slices.Equal(firstOf(inProto, len(visible)), visible) {
		t.Errorf("proto/order.proto lists the statuses %v, the saga has %v", inProto, visible)
	}
	if !strings.Contains(comment, "shown PENDING") {
		t.Error("proto/order.proto does not say how an order being given up (ABANDONING) is shown")
	}

	// user-api/user.api: the options of Order's status.
	api := read("../user-api/user.api")
	om := regexp.MustCompile(`Status\s+string\s+`+"`"+`json:"status,options=([A-Z|]+)"`).FindAllStringSubmatch(api, -1)
	if len(om) == 0 {
		t.Fatal("user-api/user.api: no status options")
	}
	for _, o := range om {
		if got := strings.Split(o[1], "|"); !slices.Equal(got, visible) {
			t.Errorf("user-api/user.api's status options are %v, the saga's visible statuses %v", got, visible)
		}
	}

	// docs/openapi.json: Order.status's enum.
	var doc struct {
		Definitions map[string]struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		} `json:"definitions"`
	}
	if err := json.Unmarshal([]byte(read("../docs/openapi.json")), &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Definitions["Order"].Properties["status"].Enum; !slices.Equal(got, visible) {
		t.Errorf("docs/openapi.json's Order.status enum is %v, the saga's visible statuses %v", got, visible)
	}
}

func firstOf(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
