package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/zsuite/testkit"
	"github.com/zsuite/testkit/gate"
	"github.com/zsuite/testkit/stack"
)

// TestStorefront is a shopper in a real browser (Debian's headless Chromium,
// driven by chromedp) on the storefront (clients/web), served from an origin
// of its own so that every call crosses CORS, through a proxy that holds
// every exchange to the API document: the catalogue and its pages, a
// registration refused then made, log-in, the account, a double-clicked Buy
// that places one order, the order list and a cancel, a 503 and a 429 shown
// as designed, and no script error on the way. Screenshots of each page go
// to .local/screenshots/.
func TestStorefront(t *testing.T) {
	gate.Integration(t)
	root, err := testkit.Root()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	s := testkit.StartSuite(t,
		testkit.WithEnv("user-api", "CORS_ALLOWED_ORIGINS", origin),
		testkit.WithEnv("inventory-rpc", "DEMO_CATALOGUE", "true"),
		testkit.WithEnv("user-api", "RATE_SIGNUP_PER_SECOND", "1"),
		testkit.WithEnv("user-api", "RATE_SIGNUP_BURST", "2"))
	apiURL := s.ContractProxy(t)
	site, err := stack.Storefront(filepath.Join(root, stack.StorefrontDir), apiURL)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	b := openBrowser(t, root)
	run, goTo, shot := b.run, b.goTo, b.shot
	noticeSays := func(what, want string) {
		t.Helper()
		run(what, chromedp.Poll(fmt.Sprintf(`document.getElementById("notice").textContent.includes(%q)`, want), nil, chromedp.WithPollingTimeout(20*time.Second)))
	}

	// The catalogue, and its second page.
	run("the catalogue", chromedp.Navigate(origin+"/"), chromedp.WaitVisible("#products li", chromedp.ByQuery))
	var firstPage, secondPage []string
	run("the first page", chromedp.Evaluate(`[...document.querySelectorAll("#products li a")].map(a => a.textContent)`, &firstPage))
	if len(firstPage) != 6 {
		t.Fatalf("the first page shows %d products, want 6: %v", len(firstPage), firstPage)
	}
	shot("catalogue")
	run("the next page", chromedp.Click("#next", chromedp.ByID),
		chromedp.Poll(`document.querySelector(".pager").textContent.includes("Page 2")`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(`[...document.querySelectorAll("#products li a")].map(a => a.textContent)`, &secondPage))
	if len(secondPage) == 0 || secondPage[0] == firstPage[0] {
		t.Fatalf("the second page shows %v after %v", secondPage, firstPage)
	}

	// Registration: a 400 shows the field's message; then it succeeds.
	user := "shopper_" + stack.RandomHex(3)
	fill := func(form string, values map[string]string) chromedp.Tasks {
		tasks := chromedp.Tasks{chromedp.Evaluate(`document.querySelectorAll("#`+form+` input").forEach(i => i.value = "")`, nil)}
		for name, v := range values {
			tasks = append(tasks, chromedp.SendKeys("#"+form+"-"+name, v, chromedp.ByQuery))
		}
		return append(tasks, chromedp.Click("#"+form+"-submit", chromedp.ByQuery))
	}
	run("the register page", goTo("#/register"), chromedp.WaitVisible("#register-username", chromedp.ByQuery))
	run("a short password", fill("register", map[string]string{"username": user, "password": "short"}))
	noticeSays("a 400 names the field", "password must be 8 to 72 bytes")
	shot("register-refused")
	run("register", fill("register", map[string]string{"username": user, "password": "a-good-password"}))
	noticeSays("registered", "Welcome, "+user)

	// Log in: the account overview.
	run("log in", chromedp.WaitVisible("#login-username", chromedp.ByQuery), fill("login", map[string]string{"username": user, "password": "a-good-password"}),
		chromedp.WaitVisible("//h1[contains(., 'Hello, "+user+"')]", chromedp.BySearch))
	shot("account")
	var token string
	run("the token", chromedp.Evaluate(`sessionStorage.getItem("zsuite.token")`, &token))
	countOrders := func() int {
		t.Helper()
		code, body := s.Do(t, http.MethodGet, "/v1/orders?page=1&pageSize=50", token, nil)
		var page struct{ Total int }
		if code != http.StatusOK || json.Unmarshal(body, &page) != nil {
			t.Fatalf("list orders: %d %s", code, body)
		}
		return page.Total
	}

	// A double click on Buy is one purchase: one order.
	run("a product", goTo("#/product/1"), chromedp.WaitVisible("#buy", chromedp.ByID))
	shot("product")
	run("a double click on Buy", chromedp.Evaluate(`{const b = document.getElementById("buy"); b.click(); b.click(); b.dispatchEvent(new MouseEvent("dblclick", {bubbles: true}))}`, nil),
		chromedp.WaitVisible("#orders", chromedp.ByID))
	noticeSays("the order placed", "CONFIRMED")
	if n := countOrders(); n != 1 {
		t.Fatalf("a double click placed %d orders, want 1", n)
	}
	shot("orders")

	// Cancel it from the order list.
	run("cancel", chromedp.Click("button.cancel", chromedp.ByQuery))
	noticeSays("cancelled", "CANCELLED")

	// order-rpc down: the account says its orders are unavailable, a Buy
	// says to try again shortly; back up, the same Buy goes through.
	s.Proc("order-rpc").Stop()
	run("the degraded account", goTo("#/account"), chromedp.WaitVisible("#orders-unavailable", chromedp.ByID))
	shot("account-degraded")
	run("Buy while order-rpc is down", goTo("#/product/2"), chromedp.WaitVisible("#buy", chromedp.ByID), chromedp.Click("#buy", chromedp.ByID))
	noticeSays("a 503", "try again shortly")
	shot("unavailable")
	s.Proc("order-rpc").Start(t)
	deadline := time.Now().Add(30 * time.Second)
	for {
		run("Buy again", chromedp.Evaluate(`document.getElementById("notice").dataset.kind = ""`, nil),
			chromedp.Click("#buy", chromedp.ByID), chromedp.Poll(`(() => { const n = document.getElementById("notice"); return n.dataset.kind === "error" || location.hash === "#/orders" })()`, nil, chromedp.WithPollingTimeout(20*time.Second)))
		var hash string
		run("where", chromedp.Evaluate(`location.hash`, &hash))
		if hash == "#/orders" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("order-rpc back for 30 s and the Buy still fails")
		}
		time.Sleep(time.Second)
	}
	if n := countOrders(); n != 2 {
		t.Fatalf("%d orders after the retried Buy, want 2", n)
	}

	// 429: registrations beyond the limit say when to retry.
	run("log out", chromedp.Click("#logout", chromedp.ByID), chromedp.WaitVisible(`//a[.="Log in"]`, chromedp.BySearch))
	limited := false
	for i := 0; i < 8 && !limited; i++ {
		var notice string
		run("register quickly", goTo("#/register"), chromedp.WaitVisible("#register-username", chromedp.ByQuery),
			chromedp.Evaluate(`document.getElementById("notice").textContent = ""`, nil),
			fill("register", map[string]string{"username": fmt.Sprintf("%s_%d", user, i), "password": "a-good-password"}),
			chromedp.Poll(`document.getElementById("notice").textContent !== "" && !document.getElementById("notice").textContent.startsWith("Placing")`, nil, chromedp.WithPollingTimeout(20*time.Second)),
			chromedp.Text("#notice", &notice, chromedp.ByID))
		limited = strings.Contains(notice, "Too many requests: try again in")
	}
	if !limited {
		t.Fatal("eight registrations at once were never told to slow down")
	}
	shot("rate-limited")

	b.noProblems()
}

// TestStorefrontOnTheAPIsOrigin is the storefront as compose and Kubernetes
// serve it: by user-api itself at / (internal/storefront), one origin for
// the page and the API, so no CORS, under the page's Content-Security-Policy.
// A shopper browses, registers and logs in; a script error or a CSP
// violation fails the test.
func TestStorefrontOnTheAPIsOrigin(t *testing.T) {
	gate.Integration(t)
	root, err := testkit.Root()
	if err != nil {
		t.Fatal(err)
	}
	s := testkit.StartSuite(t, testkit.WithEnv("inventory-rpc", "DEMO_CATALOGUE", "true"))
	resp, err := http.Get(s.BaseURL + "/")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "connect-src 'self'") {
		t.Fatalf("GET /: %d %q, CSP %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Security-Policy"))
	}

	b := openBrowser(t, root)
	b.run("the catalogue", chromedp.Navigate(s.BaseURL+"/"), chromedp.WaitVisible("#products li", chromedp.ByQuery))
	b.shot("same-origin-catalogue")
	user := "shopper_" + stack.RandomHex(3)
	b.run("register", b.goTo("#/register"), chromedp.WaitVisible("#register-username", chromedp.ByQuery),
		chromedp.SendKeys("#register-username", user, chromedp.ByQuery), chromedp.SendKeys("#register-password", "a-good-password", chromedp.ByQuery),
		chromedp.Click("#register-submit", chromedp.ByQuery), chromedp.WaitVisible("#login-username", chromedp.ByQuery))
	b.run("log in", chromedp.SendKeys("#login-username", user, chromedp.ByQuery), chromedp.SendKeys("#login-password", "a-good-password", chromedp.ByQuery),
		chromedp.Click("#login-submit", chromedp.ByQuery), chromedp.WaitVisible("//h1[contains(., 'Hello, "+user+"')]", chromedp.BySearch))
	b.shot("same-origin-account")
	b.noProblems()
}

// browser is a headless Chromium (Debian's) on a page, collecting every
// script error, console.error and browser-reported error (a CSP violation).
type browser struct {
	t     *testing.T
	ctx   context.Context
	shots string
	began time.Time

	mu       sync.Mutex
	problems []string
}

func openBrowser(t *testing.T, root string) *browser {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: run `make web-deps` (Debian's chromium)")
	}
	b := &browser{t: t, shots: filepath.Join(root, ".local", "screenshots"), began: time.Now()}
	if err := os.MkdirAll(b.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1100, 800))...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 8*time.Minute)
	t.Cleanup(cancel)
	b.ctx = ctx
	chromedp.ListenTarget(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			b.problems = append(b.problems, "exception: "+ev.ExceptionDetails.Error())
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value))
				}
				b.problems = append(b.problems, "console.error: "+strings.Join(args, " "))
			}
		case *cdplog.EventEntryAdded:
			// The browser's own: a refused script, style or connection (CSP),
			// a failed load. A 4xx or 5xx of the API is the page's to show.
			if ev.Entry.Level == cdplog.LevelError && ev.Entry.Source != cdplog.SourceNetwork {
				b.problems = append(b.problems, fmt.Sprintf("%s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	})
	b.run("the browser's log", cdplog.Enable())
	return b
}

func (b *browser) run(what string, actions ...chromedp.Action) {
	b.t.Helper()
	if err := chromedp.Run(b.ctx, actions...); err != nil {
		var notice, html string
		_ = chromedp.Run(b.ctx, chromedp.Text("#notice", &notice, chromedp.ByID, chromedp.AtLeast(0)), chromedp.OuterHTML("main", &html))
		b.t.Fatalf("%s: %v\nnotice: %q\npage: %.2000s", what, err, notice, html)
	}
}

// goTo navigates in the page, as a link does: a fragment changes, no page
// loads (chromedp.Navigate would wait for a load that never comes).
func (b *browser) goTo(hash string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf("location.hash = %q", hash), nil)
}

// shot saves a screenshot of the page under .local/screenshots.
func (b *browser) shot(name string) {
	b.t.Helper()
	var png []byte
	b.run("screenshot "+name, chromedp.FullScreenshot(&png, 100)) // 100: PNG
	if err := os.WriteFile(filepath.Join(b.shots, "storefront-"+name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("%5.1fs %s", time.Since(b.began).Seconds(), name)
}

func (b *browser) noProblems() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.problems) > 0 {
		b.t.Fatalf("the page had errors:\n%s", strings.Join(b.problems, "\n"))
	}
	b.t.Logf("screenshots in %s", b.shots)
}
