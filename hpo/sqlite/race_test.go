//go:build race

package sqlite

// raceSlowdown scales timing limits: the race detector slows the pure-Go
// SQLite engine by an order of magnitude.
const raceSlowdown = 20
