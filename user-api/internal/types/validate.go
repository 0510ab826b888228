package types

import (
	"github.com/zsuite/user-rpc/rules"
)

// go-zero's httpx.Parse calls Validate on a request type that has it, and the
// handler answers 400 INVALID_ARGUMENT with its message. The rules live with
// the service that owns them; user-api checks them to answer without a hop.

func (r *RegisterReq) Validate() error {
	if err := rules.Username(r.Username); err != nil {
		return err
	}
	if err := rules.Password(r.Password); err != nil {
		return err
	}
	return rules.Email(r.Email)
}
