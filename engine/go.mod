module github.com/sqreen-go/sqreen/engine

go 1.26

require (
	github.com/corazawaf/libinjection-go v0.3.5
	github.com/expr-lang/expr v1.17.8
	go.yaml.in/yaml/v3 v3.0.6
)
