package closer

import "context"

// Client is who is at the other end of a request: the address it came from
// (the proxy's client when the proxy is trusted) and its browser. The web
// layer puts it in every request's context; sessions and the audit log
// read it.
type Client struct {
	IP        string
	UserAgent string
}

type clientKey struct{}

// NewContextWithClient returns ctx carrying the request's client.
func NewContextWithClient(ctx context.Context, c Client) context.Context {
	return context.WithValue(ctx, clientKey{}, c)
}

// ClientFromContext returns the request's client (zero outside a request:
// the command line, tests).
func ClientFromContext(ctx context.Context) Client {
	c, _ := ctx.Value(clientKey{}).(Client)
	return c
}

// ClientIPFromContext returns the request's client address, or "".
func ClientIPFromContext(ctx context.Context) string { return ClientFromContext(ctx).IP }
