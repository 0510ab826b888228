package load

import "time"

// Step is one concurrency level tried by a search.
type Step struct {
	Workers    int     `json:"workers"`
	Throughput float64 `json:"throughput"`
	Errors     int     `json:"errors"`
	Requests   int     `json:"requests"`
}

// Search looks for the concurrency of highest throughput without unexpected
// errors: it tries the levels in increasing order for step each and stops
// once two in a row bring less than minGain (e.g. 0.05 for 5%) over the best
// before each, or one answers an error. It returns the best level and every
// step.
func (a Attack) Search(levels []int, step time.Duration, minGain float64, progress func(Step)) (int, []Step) {
	var steps []Step
	for _, w := range levels {
		r := a.Closed(w, step)
		s := Step{Workers: w, Throughput: r.Throughput, Errors: r.Errors, Requests: r.Requests}
		steps = append(steps, s)
		if progress != nil {
			progress(s)
		}
		if _, done := Best(steps, minGain); done {
			break
		}
	}
	best, _ := Best(steps, minGain)
	return best, steps
}

// Best picks the level of highest throughput among the steps without errors
// and says whether climbing further is pointless: the last step answered an
// error, or the last two steps each brought less than minGain over the best
// before it. One step that gains nothing does not end the climb: on a shared
// machine one step can fall short by chance, and a service that batches
// (orders) gains again as more calls come at once. With no clean step it
// returns the first level, halved down to 1, as the safest choice.
func Best(steps []Step, minGain float64) (workers int, done bool) {
	if len(steps) == 0 {
		return 0, false
	}
	bestIdx := -1
	for i, s := range steps {
		if s.Errors == 0 && (bestIdx < 0 || s.Throughput > steps[bestIdx].Throughput) {
			bestIdx = i
		}
	}
	last := steps[len(steps)-1]
	if bestIdx < 0 {
		return max(1, steps[0].Workers/2), true
	}
	if last.Errors > 0 {
		return steps[bestIdx].Workers, true
	}
	gains := func(i int) bool { // step i against the best clean step before it
		before := 0.0
		for _, s := range steps[:i] {
			if s.Errors == 0 && s.Throughput > before {
				before = s.Throughput
			}
		}
		return steps[i].Throughput >= before*(1+minGain)
	}
	n := len(steps)
	done = n >= 3 && !gains(n-1) && !gains(n-2)
	return steps[bestIdx].Workers, done
}
