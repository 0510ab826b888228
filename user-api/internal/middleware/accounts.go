package middleware

import (
	"context"
	"strconv"
	"time"

	"github.com/zeromicro/go-zero/core/collection"

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
type Accounts struct {
	users user.User
	known *collection.Cache
}

// KnownFor is how long an account seen to exist is taken to exist.
const KnownFor = time.Minute

func NewAccounts(users user.User) *Accounts {
	known, err := collection.NewCache(KnownFor, collection.WithLimit(200_000), collection.WithName("accounts"))
	if err != nil {
		panic(err)
	}
	return &Accounts{users: users, known: known}
}

// Check returns nil when account id exists, authctx.NoSuchAccount when it
// does not, and UNAVAILABLE when user-rpc cannot say.
func (a *Accounts) Check(ctx context.Context, id int64) error {
	key := strconv.FormatInt(id, 10)
	if _, ok := a.known.Get(key); ok {
		return nil
	}
	_, err := a.users.GetUser(ctx, &userpb.GetUserReq{Id: id})
	if errx.Is(err, errx.NotFound) {
		return authctx.NoSuchAccount
	}
	if err != nil {
		return err
	}
	a.known.Set(key, struct{}{})
	return nil
}
