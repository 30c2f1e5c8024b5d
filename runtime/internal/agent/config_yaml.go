package agent

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// applyYAML sets c from a sqreen.yaml: a mapping of the keys' yaml names
// to scalars or lists of scalars (lists are joined with commas).
func applyYAML(c *Config, path string, data []byte) []error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return []error{&ConfigError{Source: path, Key: "(file)", Err: err}}
	}
	if len(doc.Content) == 0 {
		return nil // empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return []error{&ConfigError{Source: fmt.Sprintf("%s:%d", path, root.Line), Key: "(file)", Err: fmt.Errorf("want a mapping of keys to values")}}
	}
	byName := make(map[string]key, len(keys))
	for _, k := range keys {
		if k.yaml != "" {
			byName[k.yaml] = k
		}
	}
	var errs []error
	for i := 0; i+1 < len(root.Content); i += 2 {
		kn, vn := root.Content[i], root.Content[i+1]
		src := fmt.Sprintf("%s:%d:%d", path, kn.Line, kn.Column)
		k, ok := byName[kn.Value]
		if !ok {
			errs = append(errs, &ConfigError{Source: src, Key: kn.Value, Err: fmt.Errorf("unknown key")})
			continue
		}
		v, err := scalarOrList(vn)
		if err != nil {
			errs = append(errs, &ConfigError{Source: src, Key: kn.Value, Err: err})
			continue
		}
		if err := k.set(c, strings.TrimSpace(v)); err != nil {
			errs = append(errs, &ConfigError{Source: src, Key: kn.Value, Value: v, Err: err})
		}
	}
	return errs
}

func scalarOrList(n *yaml.Node) (string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Value, nil
	case yaml.SequenceNode:
		parts := make([]string, 0, len(n.Content))
		for _, e := range n.Content {
			if e.Kind != yaml.ScalarNode {
				return "", fmt.Errorf("line %d: want a list of scalars", e.Line)
			}
			parts = append(parts, e.Value)
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("want a scalar or a list")
}
