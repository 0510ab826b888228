package svc

import (
	"github.com/zeromicro/go-zero/core/stores/postgres"

	"github.com/zsuite/bench/peer/model"
	"github.com/zsuite/bench/peer/rpc/internal/config"
)

type ServiceContext struct {
	Config     config.Config
	UsersModel model.UsersModel
}

func NewServiceContext(c config.Config) *ServiceContext {
	return &ServiceContext{
		Config:     c,
		UsersModel: model.NewUsersModel(postgres.New(c.DB.DataSource), c.Cache),
	}
}
