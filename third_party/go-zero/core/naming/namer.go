package naming

// Namer interface wraps the method Name.
type Namer interface {
	Name() string
}
