package svc

import (
	"context"
	"errors"
	"fmt"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"

	"github.com/zsuite/common/authctx"
	"github.com/zsuite/common/health"
	"github.com/zsuite/common/migrate"
	"github.com/zsuite/user-rpc/internal/model"
	"github.com/zsuite/user-rpc/internal/password"
	"github.com/zsuite/user-rpc/migrations"
	"github.com/zsuite/user-rpc/rules"
)

// devAdminPassword is the admin password in dev and test modes when
// ADMIN_PASSWORD is not set.
const devAdminPassword = "admin12345"

// Prepare readies the database before the server takes traffic: it applies
// migrations (when configured) and seeds the admin account.
func (s *ServiceContext) Prepare(ctx context.Context) error {
	if s.Config.MigrateOnStart {
		applied, err := migrate.Up(ctx, s.Config.DataSource, migrations.FS)
		if err != nil {
			return err
		}
		if len(applied) > 0 {
			logx.Infof("applied migrations %v", applied)
		}
	}
	return s.seedAdmin(ctx)
}

func (s *ServiceContext) seedAdmin(ctx context.Context) error {
	admin := s.Config.Admin
	if admin.Username == "" {
		return nil
	}
	if admin.Password == "" {
		if s.Config.Mode != service.DevMode && s.Config.Mode != service.TestMode {
			logx.Infof("ADMIN_PASSWORD is not set: no admin account seeded")
			return nil
		}
		admin.Password = devAdminPassword
	}
	if err := errors.Join(rules.Username(admin.Username), rules.Password(admin.Password)); err != nil {
		return fmt.Errorf("admin account: %w", err)
	}
	key := rules.UsernameKey(admin.Username)
	switch _, err := s.Users.FindOneByUsernameKey(ctx, key); {
	case err == nil:
		return nil // seeded before; an operator may have changed it since
	case !errors.Is(err, model.ErrNotFound):
		return fmt.Errorf("look up admin account: %w", err)
	}
	hash, err := password.Hash(admin.Password, s.Config.BcryptCost)
	if err != nil {
		return err
	}
	err = s.Users.Create(ctx, &model.Users{
		Username: admin.Username, UsernameKey: key, PasswordHash: hash, Role: authctx.RoleAdmin,
	})
	if errors.Is(err, model.ErrDuplicateUsername) {
		return nil // another replica seeded it at the same moment
	}
	if err != nil {
		return fmt.Errorf("seed admin account: %w", err)
	}
	logx.Infof("seeded admin account %q", admin.Username)
	return nil
}

// Readiness checks user-rpc's own dependencies: Postgres, Redis and etcd.
func (s *ServiceContext) Readiness() (*health.Checker, func(), error) {
	etcd, closeEtcd, err := health.Etcd(s.Config.Etcd.Hosts)
	if err != nil {
		return nil, nil, err
	}
	return health.NewChecker(s.Config.Readiness.Timeout, map[string]health.Check{
		"postgres": health.Postgres(s.DB),
		"redis":    health.Redis(s.Redis),
		"etcd":     etcd,
	}), closeEtcd, nil
}
