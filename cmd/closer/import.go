package main

import (
	"context"
	"fmt"
)

func runImport(ctx context.Context, e env, args []string) error {
	return fmt.Errorf("import is not available yet")
}
