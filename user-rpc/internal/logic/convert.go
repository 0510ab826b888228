package logic

import (
	"github.com/zsuite/user-rpc/internal/model"
	"github.com/zsuite/user-rpc/userpb"
)

func toUserInfo(u *model.Users) *userpb.UserInfo {
	return &userpb.UserInfo{
		Id:        u.Id,
		Username:  u.Username,
		Email:     u.Email,
		Role:      u.Role,
		CreatedAt: u.CreatedAt.Unix(),
	}
}
