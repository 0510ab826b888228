package user

import (
	"time"

	"github.com/zsuite/user-api/internal/types"
	"github.com/zsuite/user-rpc/userpb"
)

func toUser(u *userpb.UserInfo) types.User {
	return types.User{
		Id:        u.Id,
		Username:  u.Username,
		Email:     u.Email,
		Role:      u.Role,
		CreatedAt: time.Unix(u.CreatedAt, 0).UTC().Format(time.RFC3339),
	}
}
