package middleware

import (
	"context"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-api/internal/authctx"
	"github.com/zsuite/user-api/internal/present"
	"github.com/zsuite/user-api/internal/types"
	"github.com/zsuite/user-rpc/user"
	"github.com/zsuite/user-rpc/userpb"
)

// Accounts holds the accounts of the tokens user-api serves. A validly
// signed token can outlive its account (a wiped database, an account removed
// by an operator); it must not act for nobody. An account seen to exist is
// remembered in process for KnownFor, with its row as user-rpc gave it, so
// neither the check on every request nor the caller's own profile (/me, the
// overview) costs a call to user-rpc on the hot path; the first sight asks
// user-rpc, whose own cache answers. Each account is forgotten by its own age,
// checked on read (hashicorp/golang-lru's expirable LRU): a deleted account's
// token is refused at most KnownFor after the account went.
//
// A row is never changed through the suite (user-rpc has no call that
// changes a user), so the copy can only be older than a change an operator
// made in user-rpc's database, and by KnownFor at most. A call that changes a
// user must drop its copy here, and in every other replica.
type Accounts struct {
	users user.User
	known *expirable.LRU[int64, types.User]
}

// KnownFor is how long an account seen to exist is taken to exist.
const KnownFor = time.Minute

// accountsKept bounds how many accounts a replica remembers, the least
// recently seen forgotten first.
const accountsKept = 200_000

func NewAccounts(users user.User) *Accounts { return newAccounts(users, KnownFor) }

func newAccounts(users user.User, window time.Duration) *Accounts {
	return &Accounts{users: users, known: expirable.NewLRU[int64, types.User](accountsKept, nil, window)}
}

// Check returns nil when account id exists, authctx.NoSuchAccount when it
// does not, and UNAVAILABLE when user-rpc cannot say.
func (a *Accounts) Check(ctx context.Context, id int64) error {
	_, err := a.Get(ctx, id)
	return err
}

// Get returns account id's user, from the copy remembered or from user-rpc:
// authctx.NoSuchAccount when there is none, UNAVAILABLE when user-rpc cannot
// say.
func (a *Accounts) Get(ctx context.Context, id int64) (types.User, error) {
	if u, ok := a.known.Get(id); ok {
		return u, nil
	}
	out, err := a.users.GetUser(ctx, &userpb.GetUserReq{Id: id})
	if errx.Is(err, errx.NotFound) {
		return types.User{}, authctx.NoSuchAccount
	}
	if err != nil {
		return types.User{}, err
	}
	u := present.User(out.User)
	a.remember(u)
	return u, nil
}

// remembered says whether account id was seen to exist within the window.
func (a *Accounts) remembered(id int64) bool {
	_, ok := a.known.Get(id)
	return ok
}

// remember notes that account u.Id exists, as u, for the window from now.
func (a *Accounts) remember(u types.User) { a.known.Add(u.Id, u) }
