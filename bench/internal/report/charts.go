package report

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/zsuite/bench/internal/load"
)

// The charts of a scenario, drawn from what the report holds (so from the
// JSON too) with gonum/plot: small SVGs beside the Markdown, no fonts
// embedded, nothing fetched.
const (
	chartWidth  = 5 * vg.Inch
	chartHeight = 3 * vg.Inch
)

// The sides of a scenario, in the colours every chart gives them.
var sideColors = map[string]color.RGBA{
	"suite": {R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	"floor": {R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff},
	"peer":  {R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
}

// drawCharts writes the charts of every scenario into dir, named
// <name>-<scenario>-<chart>.svg, and records their file names on the
// scenarios for the Markdown.
func (r *Report) drawCharts(dir, name string) error {
	for i := range r.Scenarios {
		s := &r.Scenarios[i]
		s.Charts = nil
		for _, c := range []struct {
			kind string
			draw func(*Scenario) (*plot.Plot, bool, error)
		}{{"throughput", throughputChart}, {"latency", latencyChart}, {"cpu", cpuChart}} {
			p, ok, err := c.draw(s)
			if err != nil {
				return fmt.Errorf("%s chart of %s: %w", c.kind, s.Key, err)
			}
			if !ok {
				continue
			}
			file := fmt.Sprintf("%s-%s-%s.svg", name, s.Key, c.kind)
			if err := p.Save(chartWidth, chartHeight, filepath.Join(dir, file)); err != nil {
				return err
			}
			s.Charts = append(s.Charts, file)
		}
	}
	return nil
}

// throughputChart is requests per second against concurrency, as each side's
// search climbed it: where each one tops out, and how steeply it falls after.
func throughputChart(s *Scenario) (*plot.Plot, bool, error) {
	p := plot.New()
	p.Title.Text = s.Title + ": throughput"
	p.X.Label.Text = "concurrency (workers; pgbench clients per database)"
	p.Y.Label.Text = "per second"
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = powersOfTwo{}
	p.Legend.Top = true
	var floor []load.Step
	switch {
	case s.ReadFloor != nil:
		floor = s.ReadFloor.Search
	case s.WriteFloor != nil:
		floor = s.WriteFloor.Search
	}
	var peer []load.Step
	if s.Peer != nil {
		peer = s.Peer.Search
	}
	drawn := false
	for _, side := range []struct {
		name  string
		steps []load.Step
	}{{"suite", s.Suite.Search}, {"floor", floor}, {"peer", peer}} {
		if len(side.steps) == 0 {
			continue
		}
		pts := make(plotter.XYs, len(side.steps))
		for i, st := range side.steps {
			pts[i] = plotter.XY{X: float64(st.Workers), Y: st.Throughput}
		}
		line, points, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, false, err
		}
		line.Color, points.Color = sideColors[side.name], sideColors[side.name]
		p.Add(line, points)
		p.Legend.Add(side.name, line, points)
		drawn = true
	}
	p.Y.Min = 0
	p.Y.Max *= 1.3 // room for the legend above the lines
	return p, drawn, nil
}

// latencyChart is p50, p99 and p99.9 of each side's open loop at half the
// suite's highest throughput; a write floor's is the slower of its two
// databases at each percentile.
func latencyChart(s *Scenario) (*plot.Plot, bool, error) {
	type side struct {
		name string
		lat  load.Percentiles
	}
	var sides []side
	if s.Suite.Open != nil {
		sides = append(sides, side{"suite", s.Suite.Open.Latency})
	}
	switch {
	case s.ReadFloor != nil && s.ReadFloor.Open != nil:
		sides = append(sides, side{"floor", s.ReadFloor.Open.Latency})
	case s.WriteFloor != nil && s.WriteFloor.OpenOrder != nil && s.WriteFloor.OpenInventory != nil:
		o, i := s.WriteFloor.OpenOrder.Latency, s.WriteFloor.OpenInventory.Latency
		sides = append(sides, side{"floor", load.Percentiles{P50: max(o.P50, i.P50), P99: max(o.P99, i.P99), P999: max(o.P999, i.P999)}})
	}
	if s.Peer != nil && s.Peer.Open != nil {
		sides = append(sides, side{"peer", s.Peer.Open.Latency})
	}
	if len(sides) == 0 {
		return nil, false, nil
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: latency at %.0f/s", s.Title, s.Suite.Open.OfferedRate)
	p.Y.Label.Text = "ms"
	p.Legend.Top = true
	p.NominalX("p50", "p99", "p99.9")
	w := vg.Points(14)
	top := 0.0
	for i, sd := range sides {
		bars, err := plotter.NewBarChart(plotter.Values{sd.lat.P50, sd.lat.P99, sd.lat.P999}, w)
		if err != nil {
			return nil, false, err
		}
		bars.Color = sideColors[sd.name]
		bars.LineStyle.Width = 0
		bars.Offset = w * vg.Length(float64(i)-float64(len(sides)-1)/2)
		p.Add(bars)
		p.Legend.Add(sd.name, bars)
		top = max(top, sd.lat.P999)
	}
	p.Y.Min, p.Y.Max = 0, top*1.35 // room for the legend above the bars
	return p, true, nil
}

// cpuChart is the CPU each side spent per request, stacked by process: what
// a request costs, and where.
func cpuChart(s *Scenario) (*plot.Plot, bool, error) {
	sides := []struct {
		name  string
		usage []Usage
	}{{"suite", s.Usage}, {"floor", s.FloorUsage}, {"peer", s.PeerUsage}}
	var names []string
	var processes []string
	seen := map[string]bool{}
	for _, sd := range sides {
		if len(sd.usage) == 0 {
			continue
		}
		names = append(names, sd.name)
		for _, u := range sd.usage {
			if !seen[u.Process] {
				seen[u.Process] = true
				processes = append(processes, u.Process)
			}
		}
	}
	if len(names) == 0 {
		return nil, false, nil
	}
	sort.Strings(processes)
	p := plot.New()
	p.Title.Text = s.Title + ": CPU per request"
	p.Y.Label.Text = "CPU ms per request"
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	p.NominalX(names...)
	var below *plotter.BarChart
	for i, proc := range processes {
		vals := make(plotter.Values, 0, len(names))
		for _, sd := range sides {
			if len(sd.usage) == 0 {
				continue
			}
			ms := 0.0
			for _, u := range sd.usage {
				if u.Process == proc {
					ms = u.CPUPer1k() // CPU s per 1,000 requests = ms per request
				}
			}
			vals = append(vals, ms)
		}
		bars, err := plotter.NewBarChart(vals, vg.Points(28))
		if err != nil {
			return nil, false, err
		}
		bars.Color = palette(i)
		bars.LineStyle.Width = 0
		if below != nil {
			bars.StackOn(below)
		}
		below = bars
		p.Add(bars)
		p.Legend.Add(proc, bars)
	}
	// The bars on the left, the processes' legend in the room on the right.
	p.X.Min, p.X.Max = -0.5, float64(len(names))+1.5
	return p, true, nil
}

// palette is a distinct colour for the i-th process of a stack.
func palette(i int) color.RGBA {
	// Tableau's 20 colours: a stack has up to 16 processes.
	cs := []color.RGBA{
		{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}, {R: 0xae, G: 0xc7, B: 0xe8, A: 0xff}, {R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}, {R: 0xff, G: 0xbb, B: 0x78, A: 0xff},
		{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}, {R: 0x98, G: 0xdf, B: 0x8a, A: 0xff}, {R: 0xd6, G: 0x27, B: 0x28, A: 0xff}, {R: 0xff, G: 0x98, B: 0x96, A: 0xff},
		{R: 0x94, G: 0x67, B: 0xbd, A: 0xff}, {R: 0xc5, G: 0xb0, B: 0xd5, A: 0xff}, {R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}, {R: 0xc4, G: 0x9c, B: 0x94, A: 0xff},
		{R: 0xe3, G: 0x77, B: 0xc2, A: 0xff}, {R: 0xf7, G: 0xb6, B: 0xd2, A: 0xff}, {R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff}, {R: 0xc7, G: 0xc7, B: 0xc7, A: 0xff},
		{R: 0xbc, G: 0xbd, B: 0x22, A: 0xff}, {R: 0xdb, G: 0xdb, B: 0x8d, A: 0xff}, {R: 0x17, G: 0xbe, B: 0xcf, A: 0xff}, {R: 0x9e, G: 0xda, B: 0xe5, A: 0xff},
	}
	return cs[i%len(cs)]
}

// powersOfTwo puts a tick at each power of two in the range: the levels the
// searches climb.
type powersOfTwo struct{}

func (powersOfTwo) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for v := math.Pow(2, math.Floor(math.Log2(max(lo, 1)))); v <= hi; v *= 2 {
		ticks = append(ticks, plot.Tick{Value: v, Label: fmt.Sprintf("%.0f", v)})
	}
	return ticks
}
