package hpo

import (
	"hash/fnv"
	"math/rand/v2"
)

// History is what a sampler sees when it proposes a value: the study's other
// trials and the current trial's parameters so far. Samplers must not modify
// it.
type History struct {
	Direction Direction
	// Trials holds every other trial of the study in number order (running
	// ones included, with the parameters they have drawn so far).
	Trials []FrozenTrial
	// Number is the number of the trial being sampled.
	Number int
	// Params holds the current trial's values drawn so far, by name.
	Params map[string]float64
}

// Sampler proposes parameter values. Sample returns a value of p in its
// internal representation (see Param); it is called once per parameter per
// trial, and must be safe for concurrent use. A sampler that wants to be
// reproducible draws its random numbers from a source seeded by its seed, the
// trial number and the parameter name (see Stream), never from a shared
// stream, so results do not depend on the order in which parallel trials ask.
type Sampler interface {
	Sample(h *History, p Param) float64
}

// RelativeSampler is a Sampler that can also propose several parameters
// jointly (multivariate TPE). SampleRelative is called when a trial starts and
// returns proposals for the parameters it models (Params and Space keyed by
// name); the trial uses a proposal when the objective suggests that name with
// the same distribution, and Sample otherwise.
type RelativeSampler interface {
	Sampler
	SampleRelative(h *History) (params map[string]float64, space map[string]Param)
}

// Stream returns a random source determined by (seed, trial number, key):
// every parameter of every trial gets its own stream, so a study is
// reproducible under a seed whatever the order of the calls.
func Stream(seed uint64, number int, key string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(key))
	k := h.Sum64()
	return rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, mix64(uint64(number)*0xbf58476d1ce4e5b9^k)))
}

// mix64 is SplitMix64's finaliser.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Random samples every parameter uniformly on its transformed scale (Optuna's
// RandomSampler): uniform in [low, high], in [log low, log high] on a log
// scale, in [low − step/2, high + step/2] rounded to the grid for stepped
// values and ints, and each choice with probability 1/k.
type Random struct {
	Seed uint64 `json:"seed"`
}

var _ Sampler = Random{}

// Sample draws a value of p.
func (r Random) Sample(h *History, p Param) float64 {
	rng := Stream(r.Seed, h.Number, p.Name)
	return sampleUniform(rng, p)
}

func sampleUniform(rng *rand.Rand, p Param) float64 {
	if p.single() {
		if p.Type == CategoricalParam {
			return 0
		}
		return p.Low
	}
	if p.Type == CategoricalParam {
		return float64(rng.IntN(len(p.Choices)))
	}
	lo, hi := p.bounds()
	return fromUnit(p, lo, hi, rng.Float64())
}

// fromUnit maps u in [0, 1) to a value of p through the transformed bounds.
func fromUnit(p Param, lo, hi, u float64) float64 {
	if p.Type == CategoricalParam {
		return p.fromTransformed(u * float64(len(p.Choices)))
	}
	v := p.fromTransformed(lo + u*(hi-lo))
	if p.Type == FloatParam && p.Step == 0 && v >= p.High && p.High > p.Low {
		// Optuna draws floats from [low, high): the high end is excluded.
		v = prevFloat(p.High)
	}
	return v
}
