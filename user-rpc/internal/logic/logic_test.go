package logic

import (
	"context"
	"sync"
	"testing"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/testkit"
	"github.com/zsuite/user-rpc/internal/config"
	"github.com/zsuite/user-rpc/internal/svc"
	"github.com/zsuite/user-rpc/migrations"
	"github.com/zsuite/user-rpc/userpb"
)

// newService gives a test user-rpc's logic over a database and a Redis of its own.
func newService(t *testing.T) *svc.ServiceContext {
	t.Helper()
	return svc.NewServiceContext(testConfig(t))
}

// testConfig is the config of a test's user-rpc: a database and a Redis of
// its own, no local cache.
func testConfig(t *testing.T) config.Config {
	t.Helper()
	var c config.Config
	c.Mode = "test"
	c.DataSource = testkit.NewDatabase(t, "user-rpc", migrations.FS)
	c.Cache = cache.CacheConf{{RedisConf: redis.RedisConf{Host: testkit.NewRedis(t), Type: redis.NodeType}, Weight: 100}}
	c.BcryptCost = 4
	return c
}

func register(t *testing.T, s *svc.ServiceContext, username, password string) *userpb.UserInfo {
	t.Helper()
	out, err := NewRegisterLogic(context.Background(), s).Register(&userpb.RegisterReq{Username: username, Password: password})
	if err != nil {
		t.Fatalf("register %s: %v", username, err)
	}
	return out.User
}

func TestRegisterThenLoginAndGet(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	u := register(t, s, "Alice_1", "password1")
	if u.Id <= 0 || u.Username != "Alice_1" || u.Role != "customer" || u.CreatedAt == 0 {
		t.Fatalf("registered user = %+v", u)
	}

	got, err := NewLoginLogic(ctx, s).Login(&userpb.LoginReq{Username: "alice_1", Password: "password1"})
	if err != nil || got.User.Id != u.Id {
		t.Fatalf("login with another case = %+v, %v", got, err)
	}

	one, err := NewGetUserLogic(ctx, s).GetUser(&userpb.GetUserReq{Id: u.Id})
	if err != nil || one.User.Username != "Alice_1" {
		t.Fatalf("GetUser = %+v, %v", one, err)
	}
	// The second read is served by the cache and must say the same.
	again, err := NewGetUserLogic(ctx, s).GetUser(&userpb.GetUserReq{Id: u.Id})
	if err != nil || again.User.Username != one.User.Username {
		t.Fatalf("cached GetUser = %+v, %v", again, err)
	}
	if n, _ := s.Redis.Keys("cache:public:users:id:*"); len(n) != 1 {
		t.Fatalf("want the user cached under one id key, got keys %v", n)
	}
}

func TestPasswordIsNotStoredInClear(t *testing.T) {
	s := newService(t)
	u := register(t, s, "bob", "password1")
	row, err := s.Users.FindOne(context.Background(), u.Id)
	if err != nil {
		t.Fatal(err)
	}
	if row.PasswordHash == "password1" || len(row.PasswordHash) < 50 {
		t.Fatalf("password stored as %q", row.PasswordHash)
	}
}

func TestRegisterRefusesDuplicatesCaseInsensitively(t *testing.T) {
	s := newService(t)
	register(t, s, "carol", "password1")
	// A lookup of the new spelling first leaves a not-found placeholder in the cache.
	if _, err := NewLoginLogic(context.Background(), s).Login(&userpb.LoginReq{Username: "dave", Password: "password1"}); !errx.Is(err, errx.Unauthenticated) {
		t.Fatalf("login of unknown user = %v", err)
	}
	_, err := NewRegisterLogic(context.Background(), s).Register(&userpb.RegisterReq{Username: "CAROL", Password: "password2"})
	if !errx.Is(err, errx.AlreadyExists) {
		t.Fatalf("duplicate register = %v, want ALREADY_EXISTS", err)
	}
	// The placeholder must not hide a user registered after it.
	register(t, s, "dave", "password1")
	if _, err := NewLoginLogic(context.Background(), s).Login(&userpb.LoginReq{Username: "dave", Password: "password1"}); err != nil {
		t.Fatalf("login after register = %v", err)
	}
}

func TestConcurrentRegistrationsOfOneNameCreateOneUser(t *testing.T) {
	s := newService(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = NewRegisterLogic(context.Background(), s).Register(&userpb.RegisterReq{Username: "race", Password: "password1"})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errx.Is(err, errx.AlreadyExists):
			t.Fatalf("unexpected error %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d registrations succeeded, want 1", ok)
	}
}

func TestLoginRefusesWithOneMessage(t *testing.T) {
	s := newService(t)
	register(t, s, "erin", "password1")
	l := NewLoginLogic(context.Background(), s)
	_, wrong := l.Login(&userpb.LoginReq{Username: "erin", Password: "password2"})
	_, unknown := l.Login(&userpb.LoginReq{Username: "nobody", Password: "password1"})
	_, malformed := l.Login(&userpb.LoginReq{Username: "x", Password: ""})
	for _, err := range []error{wrong, unknown, malformed} {
		e, ok := errx.From(err)
		if !ok || e.Code != errx.Unauthenticated || e.Message != "invalid username or password" {
			t.Fatalf("login refusal = %v", err)
		}
	}
}

func TestRegisterValidates(t *testing.T) {
	s := newService(t)
	for _, req := range []*userpb.RegisterReq{
		{Username: "ab", Password: "password1"},
		{Username: "good_name", Password: "short"},
		{Username: "good_name", Password: "password1", Email: "not-an-email"},
	} {
		if _, err := NewRegisterLogic(context.Background(), s).Register(req); !errx.Is(err, errx.InvalidArgument) {
			t.Errorf("Register(%+v) = %v, want INVALID_ARGUMENT", req, err)
		}
	}
	if _, err := NewGetUserLogic(context.Background(), s).GetUser(&userpb.GetUserReq{Id: 12345}); !errx.Is(err, errx.NotFound) {
		t.Fatalf("GetUser(unknown) = %v, want NOT_FOUND", err)
	}
}

func TestGetUsersKeepsOrderAndSkipsUnknown(t *testing.T) {
	s := newService(t)
	a := register(t, s, "fay", "password1")
	b := register(t, s, "gus", "password1")
	out, err := NewGetUsersLogic(context.Background(), s).GetUsers(&userpb.GetUsersReq{Ids: []int64{b.Id, 999999, a.Id, b.Id}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Users) != 2 || out.Users[0].Id != b.Id || out.Users[1].Id != a.Id {
		t.Fatalf("GetUsers = %+v", out.Users)
	}
}

func TestSeedAdminIsIdempotent(t *testing.T) {
	s := newService(t)
	s.Config.Admin.Username = "root_admin"
	for range 2 {
		if err := s.SeedAdmin(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	out, err := NewLoginLogic(context.Background(), s).Login(&userpb.LoginReq{Username: "root_admin", Password: "admin12345"})
	if err != nil || out.User.Role != "admin" {
		t.Fatalf("admin login = %+v, %v", out, err)
	}
}
