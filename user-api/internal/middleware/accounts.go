package middleware

import (
	"context"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-api/internal/authctx"
	"github.com/zsuite/user-rpc/user"
	"github.com/zsuite/user-rpc/userpb"
)

// Accounts tells whether a token's account exists. A validly signed token
// can outlive its account (a wiped database, an account removed by an
// operator); it must not act for nobody. An account seen to exist is
// remembered in process for KnownFor, so the check costs a request nothing
// on the hot path; the first sight asks user-rpc, whose own cache answers.
// Each account is forgotten by its own age, checked on read
// (hashicorp/golang-lru's expirable LRU): a deleted account's token is
// refused at most KnownFor after the account went.
type Accounts struct {
	users user.User
	known *expirable.LRU[int64, struct{}]
}

// KnownFor is how long an account seen to exist is taken to exist.
const KnownFor = time.Minute

// accountsKept bounds how many accounts a replica remembers, the least
// recently seen forgotten first.
const accountsKept = 200_000

func NewAccounts(users user.User) *Accounts { return newAccounts(users, KnownFor) }

func newAccounts(users user.User, window time.Duration) *Accounts {
	return &Accounts{users: users, known: expirable.NewLRU[int64, struct{}](accountsKept, nil, window)}
}

// Check returns nil when account id exists, authctx.NoSuchAccount when it
// does not, and UNAVAILABLE when user-rpc cannot say.
func (a *Accounts) Check(ctx context.Context, id int64) error {
	if a.remembered(id) {
		return nil
	}
	_, err := a.users.GetUser(ctx, &userpb.GetUserReq{Id: id})
	if errx.Is(err, errx.NotFound) {
		return authctx.NoSuchAccount
	}
	if err != nil {
		return err
	}
	a.remember(id)
	return nil
}

// remembered says whether account id was seen to exist within the window.
func (a *Accounts) remembered(id int64) bool {
	_, ok := a.known.Get(id)
	return ok
}

// remember notes that account id exists, for the window from now.
func (a *Accounts) remember(id int64) { a.known.Add(id, struct{}{}) }
