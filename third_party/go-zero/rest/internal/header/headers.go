package header

const (
	// ApplicationJson stands for application/json.
	ApplicationJson = "application/json"
	// CacheControl is the header key for Cache-Control.
	CacheControl = "Cache-Control"
	// CacheControlNoCache is the value for Cache-Control: no-cache.
	CacheControlNoCache = "no-cache"
	// Connection is the header key for Connection.
	Connection = "Connection"
	// ConnectionKeepAlive is the value for Connection: keep-alive.
	ConnectionKeepAlive = "keep-alive"
	// ContentType is the header key for Content-Type.
	ContentType = "Content-Type"
	// ContentTypeJson is the content type for JSON.
	ContentTypeJson = "application/json; charset=utf-8"
	// ContentTypeEventStream is the content type for event stream.
	ContentTypeEventStream = "text/event-stream"
)
