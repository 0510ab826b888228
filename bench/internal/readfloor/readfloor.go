// Package readfloor is the read floor: the least a read through the suite can
// cost without a framework. An HTTP handler (net/http) checks the same HS256
// JWT user-api checks, makes one grpc-go unary call to a server that does one
// go-redis GET of the JSON the suite's model cache holds for the row, and
// writes that JSON. The two halves run as two processes, like user-api and
// the RPC service behind it.
package readfloor

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/golang-jwt/jwt/v4"
	"github.com/redis/go-redis/v9"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// The cache keys of go-zero's model cache for the two rows the reads return
// (see the goctl models of user-rpc and inventory-rpc).
const (
	UserKeyPrefix    = "cache:public:users:id:"
	ProductKeyPrefix = "cache:public:products:id:"
)

// The one RPC: the request is a cache key, the answer the cached bytes.
const (
	serviceName = "floor.Cache"
	getMethod   = "/floor.Cache/Get"
)

// cacheServer is the RPC half.
type cacheServer interface {
	Get(context.Context, *wrapperspb.StringValue) (*wrapperspb.BytesValue, error)
}

var serviceDesc = grpc.ServiceDesc{
	ServiceName: serviceName,
	HandlerType: (*cacheServer)(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "Get",
		Handler: func(srv any, ctx context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
			in := new(wrapperspb.StringValue)
			if err := dec(in); err != nil {
				return nil, err
			}
			return srv.(cacheServer).Get(ctx, in)
		},
	}},
}

// RPCServer answers Get with one Redis GET.
type RPCServer struct{ Redis *redis.Client }

// Get returns the bytes cached under the key, NotFound when there are none.
func (s *RPCServer) Get(ctx context.Context, key *wrapperspb.StringValue) (*wrapperspb.BytesValue, error) {
	b, err := s.Redis.Get(ctx, key.Value).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, status.Error(codes.NotFound, "not cached")
	}
	if err != nil {
		return nil, status.Error(codes.Unavailable, err.Error())
	}
	return &wrapperspb.BytesValue{Value: b}, nil
}

// Register adds the RPC half to a grpc.Server.
func Register(g *grpc.Server, s *RPCServer) { g.RegisterService(&serviceDesc, s) }

// API is the HTTP half.
type API struct {
	conn   *grpc.ClientConn
	secret []byte
	// UserPrefix and ProductPrefix start the keys of the cached rows.
	UserPrefix, ProductPrefix string
}

// NewAPI connects to the RPC half at target.
func NewAPI(target, secret string) (*API, error) {
	conn, err := grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	return &API{conn: conn, secret: []byte(secret), UserPrefix: UserKeyPrefix, ProductPrefix: ProductKeyPrefix}, nil
}

// Handler serves GET /v1/users/me (with a bearer token) and
// GET /v1/products/{id}, the two reads the benchmark measures.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/users/me", a.me)
	mux.HandleFunc("GET /v1/products/{id}", a.product)
	return mux
}

func (a *API) me(w http.ResponseWriter, r *http.Request) {
	id, err := a.userID(r.Header.Get("Authorization"))
	if err != nil {
		http.Error(w, `{"code":"UNAUTHENTICATED","message":"missing or invalid access token"}`, http.StatusUnauthorized)
		return
	}
	a.serve(w, r, a.UserPrefix+strconv.FormatInt(id, 10))
}

func (a *API) product(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		http.Error(w, `{"code":"INVALID_ARGUMENT","message":"bad id"}`, http.StatusBadRequest)
		return
	}
	a.serve(w, r, a.ProductPrefix+strconv.FormatInt(id, 10))
}

func (a *API) serve(w http.ResponseWriter, r *http.Request, key string) {
	out := new(wrapperspb.BytesValue)
	if err := a.conn.Invoke(r.Context(), getMethod, wrapperspb.String(key), out); err != nil {
		if status.Code(err) == codes.NotFound {
			http.Error(w, `{"code":"NOT_FOUND","message":"not found"}`, http.StatusNotFound)
			return
		}
		http.Error(w, `{"code":"UNAVAILABLE","message":"rpc failed"}`, http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out.Value)
}

// userID verifies an HS256 bearer token the way go-zero's JWT middleware does
// (golang-jwt, the same secret, the exp claim) and reads its userId claim.
func (a *API) userID(header string) (int64, error) {
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return 0, errors.New("no bearer token")
	}
	claims := jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
			return nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])
		}
		return a.secret, nil
	})
	if err != nil || !tok.Valid {
		return 0, errors.New("invalid token")
	}
	switch v := claims["userId"].(type) {
	case float64:
		return int64(v), nil
	default:
		return 0, errors.New("no userId claim")
	}
}
