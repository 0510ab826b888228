package imagecheck

import (
	"strings"
)

// Instruction is one Dockerfile instruction: "RUN", and what follows it with
// line continuations joined.
type Instruction struct {
	Cmd  string
	Args string
	Line int
}

// Stage is the instructions from one FROM to the next.
type Stage struct {
	From         Instruction
	Instructions []Instruction
}

// Parse splits a Dockerfile into stages. Comments (lines starting with #,
// parser directives among them) are dropped, also inside continuations;
// instructions before the first FROM (global ARGs) make stage 0's From empty.
func Parse(content string) []Stage {
	var (
		stages  = []Stage{{}}
		current strings.Builder
		start   int
	)
	flush := func() {
		text := strings.TrimSpace(current.String())
		current.Reset()
		if text == "" {
			return
		}
		cmd, args, _ := strings.Cut(text, " ")
		in := Instruction{Cmd: strings.ToUpper(cmd), Args: strings.TrimSpace(args), Line: start}
		if in.Cmd == "FROM" {
			stages = append(stages, Stage{From: in})
			return
		}
		last := &stages[len(stages)-1]
		last.Instructions = append(last.Instructions, in)
	}
	for i, line := range strings.Split(content, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") {
			continue
		}
		if current.Len() == 0 {
			if trimmed == "" {
				continue
			}
			start = i + 1
		}
		if body, ok := strings.CutSuffix(strings.TrimRight(line, " \t"), "\\"); ok {
			current.WriteString(body)
			current.WriteString(" ")
			continue
		}
		current.WriteString(line)
		flush()
	}
	flush()
	return stages
}
