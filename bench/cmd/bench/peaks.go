package main

import (
	"slices"

	"github.com/zsuite/bench/internal/proc"
	"github.com/zsuite/bench/internal/report"
	"github.com/zsuite/bench/internal/suite"
)

// peaks records every service's peak RSS phase by phase: cut ends a phase,
// reads each service's peak since the last cut and resets it (clear_refs),
// so that the report shows which phase (the setup, a scenario's closed
// loops, its open loop, the checks) a peak came from. The run's peak is the
// highest of the phases'.
type peaks struct {
	s      *suite.Suite
	names  []string
	phases []string
	// by[service][phase] is the highest VmHWM read at the end of phase.
	by map[string]map[string]int64
	// noReset is set once a reset failed: the peaks are then cumulative
	// (still right for the run's peak) and the report says nothing per phase.
	noReset bool
}

func newPeaks(s *suite.Suite) *peaks {
	p := &peaks{s: s, names: serviceOrder(s), by: map[string]map[string]int64{}}
	for _, n := range p.names {
		p.by[n] = map[string]int64{}
	}
	return p
}

// cut ends phase; a phase cut twice keeps the higher peak.
func (p *peaks) cut(phase string) {
	if !slices.Contains(p.phases, phase) {
		p.phases = append(p.phases, phase)
	}
	for _, n := range p.names {
		pid := p.s.Procs[n].Pid()
		st, err := proc.Read(pid)
		if err != nil {
			continue
		}
		p.by[n][phase] = max(p.by[n][phase], st.PeakRSSBytes)
		if p.noReset {
			continue
		}
		if err := proc.ResetPeak(pid); err != nil {
			logf("resetting the peak RSS of %s: %v; the report gives the run's peak only", n, err)
			p.noReset = true
		}
	}
}

// memory is each service's RSS now and its peaks, for the report.
func (p *peaks) memory() []report.Memory {
	var out []report.Memory
	for _, n := range p.names {
		st, err := proc.Read(p.s.Procs[n].Pid())
		if err != nil {
			logf("memory of %s: %v", n, err)
			continue
		}
		m := report.Memory{Service: n, RSSMB: mb(st.RSSBytes), PeakMB: mb(st.PeakRSSBytes)}
		for _, ph := range p.phases {
			v, ok := p.by[n][ph]
			if !ok {
				continue
			}
			m.PeakMB = max(m.PeakMB, mb(v))
			if !p.noReset {
				m.Phases = append(m.Phases, report.PhasePeak{Phase: ph, PeakMB: mb(v)})
			}
		}
		out = append(out, m)
	}
	return out
}
