// cron-oracle prints what robfig/cron v3 (the parser kubeflow's ScheduledSparkApplication
// controller uses) says about schedules, so the Swift tests' expectations come from the real
// library rather than from hand arithmetic. Not part of the build or of CI.
//
// Input, one case per line on stdin: `<spec>\t<RFC 3339 instant>[\t<count>]`.
// Output, one line per case: `<spec>\t<instant>\t<result>` where result is the next <count>
// (default 1) firings as RFC 3339 UTC instants separated by spaces, "zero" when robfig finds none,
// or "error: <message>" when ParseStandard rejects the spec.
//
// Run with Debian's golang-github-robfig-cron-dev (3.0.1, kubeflow's version) and TZ=UTC:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode TZ=UTC go run hack/cron-oracle/main.go < cases.tsv
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	cron "github.com/robfig/cron"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		parts := strings.Split(in.Text(), "\t")
		if len(parts) < 2 {
			continue
		}
		spec, at := parts[0], parts[1]
		count := 1
		if len(parts) > 2 {
			count, _ = strconv.Atoi(parts[2])
		}
		fmt.Fprintf(out, "%s\t%s\t%s\n", spec, at, evaluate(spec, at, count))
	}
}

func evaluate(spec, at string, count int) (result string) {
	defer func() {
		if r := recover(); r != nil {
			result = fmt.Sprintf("error: panic: %v", r)
		}
	}()
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return "error: bad instant " + at
	}
	schedule, err := cron.ParseStandard(spec)
	if err != nil {
		return "error: " + err.Error()
	}
	var fires []string
	for i := 0; i < count; i++ {
		t = schedule.Next(t.In(time.Local))
		if t.IsZero() {
			fires = append(fires, "zero")
			break
		}
		fires = append(fires, t.UTC().Format(time.RFC3339Nano))
	}
	return strings.Join(fires, " ")
}
