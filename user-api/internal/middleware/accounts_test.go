package middleware

import (
	"sync"
	"testing"
	"time"

	"github.com/zsuite/user-api/internal/types"
)

// An account remembered as existing is forgotten once the window passes,
// whatever the cache's timers did: a deleted account's token is asked about
// again (and refused) after the window, not at the token's expiry. Here 2,000
// accounts are checked over and over across several windows (each miss
// remembered again, as Check does after user-rpc answers), then deleted: not
// one may still be remembered a window later. go-zero's collection.Cache
// could leave an entry set during its two-step expiry without a timer, kept
// until evicted.
func TestDeletedAccountForgottenAfterTheWindow(t *testing.T) {
	const (
		accounts = 2000
		window   = time.Second
	)
	a := newAccounts(nil, window)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := int64(w); ; id = (id + 1) % accounts {
				select {
				case <-stop:
					return
				default:
				}
				if !a.remembered(id) {
					a.remember(types.User{Id: id})
				}
			}
		}()
	}
	time.Sleep(5 * window)
	close(stop)
	wg.Wait()
	deleted := time.Now()

	time.Sleep(window + window/20 + 50*time.Millisecond)
	still := 0
	for id := range int64(accounts) {
		if a.remembered(id) {
			still++
		}
	}
	if still > 0 {
		t.Fatalf("%d of %d deleted accounts still taken to exist %s after, with a window of %s",
			still, accounts, time.Since(deleted).Round(time.Millisecond), window)
	}
}
