//go:build !race

package sqlite

const raceSlowdown = 1
