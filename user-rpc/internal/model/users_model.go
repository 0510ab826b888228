package model

import (
	"context"
	"errors"
	"fmt"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/sqlx"

	"github.com/zsuite/common/sqlerr"
)

var _ UsersModel = (*customUsersModel)(nil)

// ErrDuplicateUsername is returned when the username (case-insensitively) is taken.
var ErrDuplicateUsername = errors.New("username taken")

type (
	// UsersModel is an interface to be customized, add more methods here,
	// and implement the added methods in customUsersModel.
	UsersModel interface {
		usersModel
		// Create inserts a user and fills in its id and timestamps.
		// ErrDuplicateUsername when the username key is taken.
		Create(ctx context.Context, data *Users) error
	}

	customUsersModel struct {
		*defaultUsersModel
	}
)

// NewUsersModel returns a model for the database table.
func NewUsersModel(conn sqlx.SqlConn, c cache.Cache) UsersModel {
	return &customUsersModel{
		defaultUsersModel: newUsersModel(conn, c),
	}
}

func (m *customUsersModel) Create(ctx context.Context, data *Users) error {
	query := fmt.Sprintf(`insert into %s (username, username_key, email, password_hash, role)
		values ($1, $2, $3, $4, $5) returning %s`, m.table, usersRows)
	err := m.QueryRowNoCacheCtx(ctx, data, query, data.Username, data.UsernameKey, data.Email, data.PasswordHash, data.Role)
	if err != nil {
		if sqlerr.IsUniqueViolation(err, "users_username_key_unique") {
			return ErrDuplicateUsername
		}
		return err
	}
	// A lookup of this username before it existed left a not-found placeholder.
	return m.DelCacheCtx(ctx, fmt.Sprintf("%s%v", cachePublicUsersUsernameKeyPrefix, data.UsernameKey))
}
