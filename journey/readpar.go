package journey

import (
	"context"
	"fmt"
	"hash/maphash"
	"io"
	"runtime"
	"slices"
	"sync"
)

// The parallel reader: the calling goroutine splits the CSV into records
// and routes each one by a hash of its user id to a worker, so every user's
// rows reach one worker in file order. Workers validate the rows and intern
// user ids and event names locally. The merge numbers users and events by
// the line of their first valid row and sorts the rejected rows by line, so
// the Log is the one the sequential reader builds (rows grouped by worker
// instead of in file order, which nothing depends on: within a user they
// keep file order), whatever the number of workers.

// wrec is one record routed to a worker: its line and the offsets of its
// user, timestamp, event and value fields in the batch buffer.
type wrec struct {
	line int
	f    [4][2]int32
}

type wbatch struct {
	buf  []byte
	recs []wrec
}

// part is one worker's share of the log.
type part struct {
	users, names *interner
	userFirst    []int // line of each local user's first valid row
	nameFirst    []int
	nRows        int
	rejected     []RejectedRow
	user, event  []int32
	sec          []int64
	nsec         []int32
	value        []float64
	has          []bool
	hasValueCol  bool
}

func (p *part) run(in <-chan *wbatch, free chan<- *wbatch) {
	for b := range in {
		for i := range b.recs {
			r := &b.recs[i]
			field := func(k int) []byte { return b.buf[r.f[k][0]:r.f[k][1]] }
			p.nRows++
			reason, sec, nsec, v, has := validate(field(0), field(1), field(2), field(3), p.hasValueCol)
			if reason != "" {
				p.rejected = append(p.rejected, RejectedRow{Line: r.line, Reason: reason})
				continue
			}
			u := p.users.intern(field(0))
			if int(u) == len(p.userFirst) {
				p.userFirst = append(p.userFirst, r.line)
			}
			e := p.names.intern(field(2))
			if int(e) == len(p.nameFirst) {
				p.nameFirst = append(p.nameFirst, r.line)
			}
			p.user = append(p.user, u)
			p.event = append(p.event, e)
			p.sec = append(p.sec, sec)
			p.nsec = append(p.nsec, nsec)
			p.value = append(p.value, v)
			p.has = append(p.has, has)
		}
		b.buf, b.recs = b.buf[:0], b.recs[:0]
		select {
		case free <- b:
		default:
		}
	}
}

const batchRecords = 1 << 13

// readRows reads the data rows into the empty log l with w workers (0:
// GOMAXPROCS, at most 4; 1: sequential).
func (l *Log) readRows(ctx context.Context, cr *csvReader, nf int, col [4]int, hint, w int) error {
	if w == 0 {
		w = min(runtime.GOMAXPROCS(0), 4)
	}
	if w <= 1 {
		return l.readSequential(ctx, cr, nf, col, hint)
	}
	parts := make([]*part, w)
	chans := make([]chan *wbatch, w)
	cur := make([]*wbatch, w)
	free := make(chan *wbatch, 4*w)
	var wg sync.WaitGroup
	per := hint/w + hint/(8*w)
	for i := range parts {
		p := &part{users: newInterner(), names: newInterner(), hasValueCol: col[3] >= 0}
		p.user, p.event = make([]int32, 0, per), make([]int32, 0, per)
		p.sec, p.nsec = make([]int64, 0, per), make([]int32, 0, per)
		p.value, p.has = make([]float64, 0, per), make([]bool, 0, per)
		parts[i] = p
		chans[i] = make(chan *wbatch, 4)
		cur[i] = &wbatch{}
		wg.Add(1)
		go func(p *part, in <-chan *wbatch) {
			defer wg.Done()
			p.run(in, free)
		}(parts[i], chans[i])
	}
	stop := func() {
		for _, c := range chans {
			close(c)
		}
		wg.Wait()
	}
	seed := maphash.MakeSeed()
	var err error
	for n := 0; ; n++ {
		if n&0xffff == 0 {
			if err = ctx.Err(); err != nil {
				break
			}
		}
		f, line, rerr := cr.next()
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			err = fmt.Errorf("journey: reading line %d: %w", line, rerr)
			break
		}
		if len(f) != nf {
			l.nRows++
			l.reject(line, ReasonFieldCount)
			continue
		}
		user := f[col[0]]
		k := int(maphash.Bytes(seed, user) % uint64(w))
		b := cur[k]
		r := wrec{line: line}
		for j, c := range col {
			start := int32(len(b.buf))
			if c >= 0 {
				b.buf = append(b.buf, f[c]...)
			}
			r.f[j] = [2]int32{start, int32(len(b.buf))}
		}
		b.recs = append(b.recs, r)
		if len(b.recs) == batchRecords {
			size := 2 * len(b.buf) // read before the worker owns b
			chans[k] <- b
			select {
			case cur[k] = <-free:
			default:
				cur[k] = &wbatch{buf: make([]byte, 0, size), recs: make([]wrec, 0, batchRecords)}
			}
		}
	}
	for k, b := range cur {
		if len(b.recs) > 0 {
			chans[k] <- b
		}
	}
	stop()
	if err != nil {
		return err
	}
	l.merge(parts)
	return nil
}

// merge combines the workers' parts into l, numbering users and events by
// the line of their first valid row.
func (l *Log) merge(parts []*part) {
	type first struct {
		line      int
		part, loc int32
	}
	number := func(get func(p *part) ([]int, *interner), global *interner) [][]int32 {
		var all []first
		for pi, p := range parts {
			lines, _ := get(p)
			for loc, ln := range lines {
				all = append(all, first{ln, int32(pi), int32(loc)})
			}
		}
		slices.SortFunc(all, func(a, b first) int { return a.line - b.line })
		maps := make([][]int32, len(parts))
		for pi, p := range parts {
			lines, _ := get(p)
			maps[pi] = make([]int32, len(lines))
		}
		for _, f := range all {
			_, in := get(parts[f.part])
			maps[f.part][f.loc] = global.internString(in.strs[f.loc])
		}
		return maps
	}
	umap := number(func(p *part) ([]int, *interner) { return p.userFirst, p.users }, l.users)
	emap := number(func(p *part) ([]int, *interner) { return p.nameFirst, p.names }, l.names)
	total := 0
	for _, p := range parts {
		total += len(p.user)
		l.nRows += p.nRows
		l.rejected = append(l.rejected, p.rejected...)
	}
	slices.SortFunc(l.rejected, func(a, b RejectedRow) int { return a.Line - b.Line })
	l.grow(total)
	for pi, p := range parts {
		um, em := umap[pi], emap[pi]
		for _, u := range p.user {
			l.user = append(l.user, um[u])
		}
		for _, e := range p.event {
			l.event = append(l.event, em[e])
		}
		l.sec = append(l.sec, p.sec...)
		l.nsec = append(l.nsec, p.nsec...)
		l.value = append(l.value, p.value...)
		l.has = append(l.has, p.has...)
	}
}
