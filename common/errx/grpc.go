package errx

import (
	"context"

	"github.com/zeromicro/go-zero/core/logx"
	"google.golang.org/grpc"
)

// UnaryServerInterceptor lets *Error and gRPC statuses through, answers a
// store that cannot be reached as UNAVAILABLE, and turns any other error
// into INTERNAL, logging the detail so that no SQL or stack trace
// reaches a caller.
func UnaryServerInterceptor(ctx context.Context, req any, info *grpc.UnaryServerInfo,
	handler grpc.UnaryHandler) (any, error) {
	resp, err := handler(ctx, req)
	if err == nil {
		return resp, nil
	}
	if e, ok := From(err); ok {
		if e.Code == Unavailable && !Answered(err) {
			// A store of this service is down: say which and why in the log.
			logx.WithContext(ctx).Errorf("%s: dependency unavailable: %v", info.FullMethod, err)
		}
		return resp, e.GRPCStatus().Err()
	}
	logx.WithContext(ctx).Errorf("%s: %v", info.FullMethod, err)
	return resp, New(Internal, "internal error").GRPCStatus().Err()
}
