module github.com/sibylml/sibyl/benchmarks/hpo

go 1.26.0

require (
	github.com/c-bata/goptuna v0.9.0
	github.com/sibylml/sibyl v0.0.0
)

require gonum.org/v1/gonum v0.14.0 // indirect

replace github.com/sibylml/sibyl => ../..
