// Package sqlite is a durable hpo.Storage in an SQLite file, through the
// pure-Go driver modernc.org/sqlite (no cgo). A study kept there resumes
// after a crash (every trial is written when it is created and when it
// finishes, each write one transaction), and several processes on one
// machine can share a file: writes take the database lock up front (BEGIN
// IMMEDIATE), readers use the write-ahead log, and a busy database is waited
// for (busy_timeout) rather than reported.
//
// # Invariants
//
// Trial numbers are handed out inside the write transaction that inserts the
// trial, so two processes never get the same number. A finished trial is
// never rewritten.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sibylml/sibyl/hpo"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Storage is an hpo.Storage backed by an SQLite file. Close it when done.
type Storage struct {
	db                   *sql.DB
	path                 string
	insert, update, list *sql.Stmt
}

var _ hpo.Storage = (*Storage)(nil)

// ErrCorrupt marks a file that is not an hpo study database, or a record in
// it that cannot be read.
var ErrCorrupt = errors.New("hpo/sqlite: not a readable study database")

const schema = `
CREATE TABLE IF NOT EXISTS hpo_studies (
	name      TEXT PRIMARY KEY,
	direction INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS hpo_trials (
	study  TEXT NOT NULL,
	number INTEGER NOT NULL,
	state  INTEGER NOT NULL,
	record TEXT NOT NULL,
	PRIMARY KEY (study, number)
);`

// Open opens (creating when needed) the study database at path.
func Open(ctx context.Context, path string) (*Storage, error) {
	if path == "" {
		return nil, fmt.Errorf("hpo/sqlite: empty path")
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("hpo/sqlite: open %s: %w", path, err)
	}
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	st := &Storage{db: db, path: path}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&st.insert, `INSERT INTO hpo_trials(study, number, state, record)
			SELECT ?, COALESCE(MAX(number) + 1, 0), ?, ? FROM hpo_trials WHERE study = ?
			RETURNING number`},
		{&st.update, `UPDATE hpo_trials SET state = ?, record = ? WHERE study = ? AND number = ? AND state = 0`},
		{&st.list, `SELECT number, record FROM hpo_trials WHERE study = ? AND number >= ? ORDER BY number`},
	} {
		if *p.dst, err = db.PrepareContext(ctx, p.sql); err != nil {
			db.Close()
			return nil, st.wrap("prepare", err)
		}
	}
	return st, nil
}

// Close closes the database.
func (s *Storage) Close() error { return s.db.Close() }

// CreateStudy implements hpo.Storage.
func (s *Storage) CreateStudy(ctx context.Context, name string, dir hpo.Direction) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap("create study", err)
	}
	defer tx.Rollback()
	var d int
	err = tx.QueryRowContext(ctx, `SELECT direction FROM hpo_studies WHERE name = ?`, name).Scan(&d)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO hpo_studies(name, direction) VALUES (?, ?)`, name, int(dir)); err != nil {
			return s.wrap("create study", err)
		}
	case err != nil:
		return s.wrap("create study", err)
	case hpo.Direction(d) != dir:
		return fmt.Errorf("%w: study %q is %s, asked for %s", hpo.ErrDirection, name, hpo.Direction(d), dir)
	}
	return s.wrap("create study", tx.Commit())
}

// Study implements hpo.Storage.
func (s *Storage) Study(ctx context.Context, name string) (hpo.Direction, error) {
	var d int
	err := s.db.QueryRowContext(ctx, `SELECT direction FROM hpo_studies WHERE name = ?`, name).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return hpo.Minimize, fmt.Errorf("%w: %q in %s", hpo.ErrNoStudy, name, s.path)
	}
	if err != nil {
		return hpo.Minimize, s.wrap("read study", err)
	}
	if d != int(hpo.Minimize) && d != int(hpo.Maximize) {
		return hpo.Minimize, fmt.Errorf("%w: study %q has direction %d", ErrCorrupt, name, d)
	}
	return hpo.Direction(d), nil
}

// CreateTrial implements hpo.Storage. The number is taken and the row
// inserted by one statement, inside SQLite's write lock.
func (s *Storage) CreateTrial(ctx context.Context, study string, t hpo.FrozenTrial) (int, error) {
	rec, err := encode(t)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.insert.QueryRowContext(ctx, study, int(t.State), rec, study).Scan(&n)
	if err != nil {
		return 0, s.wrap("create trial", err)
	}
	return n, nil
}

// SaveTrial implements hpo.Storage: one UPDATE of a running trial.
func (s *Storage) SaveTrial(ctx context.Context, study string, t hpo.FrozenTrial) error {
	rec, err := encode(t)
	if err != nil {
		return err
	}
	res, err := s.update.ExecContext(ctx, int(t.State), rec, study, t.Number)
	if err != nil {
		return s.wrap("save trial", err)
	}
	if k, err := res.RowsAffected(); err == nil && k == 1 {
		return nil
	}
	var state int
	err = s.db.QueryRowContext(ctx, `SELECT state FROM hpo_trials WHERE study = ? AND number = ?`, study, t.Number).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: study %q trial %d", hpo.ErrNoTrial, study, t.Number)
	}
	if err != nil {
		return s.wrap("save trial", err)
	}
	return fmt.Errorf("%w: study %q trial %d is %s", hpo.ErrFinished, study, t.Number, hpo.State(state))
}

// Trials implements hpo.Storage.
func (s *Storage) Trials(ctx context.Context, study string, from int) ([]hpo.FrozenTrial, error) {
	rows, err := s.list.QueryContext(ctx, study, from)
	if err != nil {
		return nil, s.wrap("read trials", err)
	}
	defer rows.Close()
	var out []hpo.FrozenTrial
	for rows.Next() {
		var n int
		var rec string
		if err := rows.Scan(&n, &rec); err != nil {
			return nil, s.wrap("read trials", err)
		}
		t, err := decode(rec)
		if err != nil {
			return nil, fmt.Errorf("%w: %s study %q trial %d: %v", ErrCorrupt, s.path, study, n, err)
		}
		t.Number = n
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap("read trials", err)
	}
	if len(out) == 0 {
		if _, err := s.Study(ctx, study); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Storage) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if containsAny(msg, "file is not a database", "malformed", "SQLITE_NOTADB", "SQLITE_CORRUPT") {
		return fmt.Errorf("%w: %s: %s: %v", ErrCorrupt, s.path, op, err)
	}
	return fmt.Errorf("hpo/sqlite: %s: %s: %w", s.path, op, err)
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// jfloat is a float64 whose JSON form keeps NaN and ±Inf (as strings).
type jfloat float64

func (f jfloat) MarshalJSON() ([]byte, error) {
	x := float64(f)
	switch {
	case math.IsNaN(x):
		return []byte(`"NaN"`), nil
	case math.IsInf(x, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(x, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, x, 'g', -1, 64), nil
}

func (f *jfloat) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"NaN"`:
		*f = jfloat(math.NaN())
	case `"+Inf"`:
		*f = jfloat(math.Inf(1))
	case `"-Inf"`:
		*f = jfloat(math.Inf(-1))
	default:
		x, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return err
		}
		*f = jfloat(x)
	}
	return nil
}

// record is the JSON form of a trial in the database.
type record struct {
	State        hpo.State            `json:"state"`
	Value        jfloat               `json:"value"`
	Params       map[string]jfloat    `json:"params"`
	Space        map[string]hpo.Param `json:"space"`
	Order        []string             `json:"order"`
	Intermediate map[int]jfloat       `json:"intermediate,omitempty"`
	Err          string               `json:"error,omitempty"`
	Start        time.Time            `json:"start"`
	End          time.Time            `json:"end,omitzero"`
}

func encode(t hpo.FrozenTrial) (string, error) {
	r := record{State: t.State, Value: jfloat(t.Value), Space: t.Space, Order: t.Order, Err: t.Err, Start: t.Start, End: t.End}
	r.Params = make(map[string]jfloat, len(t.Params))
	for k, v := range t.Params {
		r.Params[k] = jfloat(v)
	}
	if len(t.Intermediate) > 0 {
		r.Intermediate = make(map[int]jfloat, len(t.Intermediate))
		for k, v := range t.Intermediate {
			r.Intermediate[k] = jfloat(v)
		}
	}
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("hpo/sqlite: encode trial %d: %w", t.Number, err)
	}
	return string(b), nil
}

func decode(s string) (hpo.FrozenTrial, error) {
	var r record
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return hpo.FrozenTrial{}, err
	}
	if r.State < hpo.Running || r.State > hpo.Failed {
		return hpo.FrozenTrial{}, fmt.Errorf("state %d", r.State)
	}
	t := hpo.FrozenTrial{State: r.State, Value: float64(r.Value), Space: r.Space, Order: r.Order, Err: r.Err, Start: r.Start, End: r.End}
	if t.Space == nil {
		t.Space = map[string]hpo.Param{}
	}
	t.Params = make(map[string]float64, len(r.Params))
	for k, v := range r.Params {
		p, ok := t.Space[k]
		if !ok {
			return hpo.FrozenTrial{}, fmt.Errorf("parameter %q without a distribution", k)
		}
		if err := p.Validate(); err != nil {
			return hpo.FrozenTrial{}, err
		}
		t.Params[k] = float64(v)
	}
	if len(r.Intermediate) > 0 {
		t.Intermediate = make(map[int]float64, len(r.Intermediate))
		for k, v := range r.Intermediate {
			t.Intermediate[k] = float64(v)
		}
	}
	return t, nil
}
