package svc

import (
	"context"
	"errors"
	"fmt"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"

	"github.com/zsuite/user-rpc/internal/model"
	"github.com/zsuite/user-rpc/internal/password"
	"github.com/zsuite/user-rpc/rules"
)

// devAdminPassword is the admin password in dev and test modes when
// ADMIN_PASSWORD is not set.
const devAdminPassword = "admin12345"

// SeedAdmin creates the configured admin account when it does not exist yet.
func (s *ServiceContext) SeedAdmin(ctx context.Context) error {
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
		Username: admin.Username, UsernameKey: key, PasswordHash: hash, Role: rules.RoleAdmin,
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
