package auth

const (
	appKey   = "app"
	tokenKey = "token"

	accessDenied    = "access denied"
	missingMetadata = "app/token required"
)
