package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sibylml/sibyl/churn"
	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/metrics"
)

func init() {
	register(command{area: "churn", verb: "train", summary: "train a gradient-boosted tree model (XGBoost parameters)", run: churnTrain})
	register(command{area: "churn", verb: "predict", summary: "score rows with a model: P(label = 1) per row", run: churnPredict})
	register(command{area: "churn", verb: "eval", summary: "AUC, log-loss and Brier score of a model on labelled data", run: churnEval})
	register(command{area: "churn", verb: "import", summary: "convert an XGBoost JSON model (save_model, 1.7+) to sibyl's format", run: churnImport})
	register(command{area: "churn", verb: "explain", summary: "per-row TreeSHAP feature contributions", run: churnExplain})
}

// churnTrainOut is what `churn train --json` prints.
type churnTrainOut struct {
	Model         string              `json:"model"`
	NTrain        int                 `json:"n_train"`
	NValid        int                 `json:"n_valid,omitempty"`
	NFeatures     int                 `json:"n_features"`
	Features      []string            `json:"features"`
	NumTrees      int                 `json:"num_trees"`
	BestIteration int                 `json:"best_iteration"`
	ValidLoss     []num               `json:"valid_loss,omitempty"`
	Params        churn.Config        `json:"params"`
	TrainSeconds  num                 `json:"train_seconds"`
	Importance    []churnImportanceJS `json:"importance"`
}

type churnImportanceJS struct {
	Feature   string `json:"feature"`
	Gain      num    `json:"gain"`
	TotalGain num    `json:"total_gain"`
	Weight    int    `json:"weight"`
}

func churnTrain(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("churn", "train")
	data := fs.String("data", "", "training data file")
	label := fs.String("label", "", "label column (0/1 for binary:logistic)")
	valid := fs.String("valid", "", "validation data file (validation loss, early stopping)")
	features := fs.String("features", "", "feature columns A,B,… (default: every column but the label and weight)")
	exclude := fs.String("exclude", "", "columns to leave out A,B,…")
	weight := fs.String("weight", "", "sample weight column")
	out := fs.String("model", "", "where to write the model (JSON)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	var params multiFlag
	fs.Var(&params, "param", "training parameter key=value with XGBoost's name (repeatable): num_round, eta, max_depth, lambda, alpha, min_child_weight, gamma, max_bin, subsample, colsample_bytree, scale_pos_weight, base_score, seed, nthread, early_stopping_rounds, grow_policy, max_leaves, objective, categorical, monotone_constraints")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("data", *data, "label", *label, "model", *out); err != nil {
		return err
	}
	if *features != "" && *exclude != "" {
		return usagef("--features and --exclude cannot both be given")
	}
	var cfg churn.Config
	for _, p := range params {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return usagef("--param %q: want key=value", p)
		}
		if err := cfg.Set(strings.TrimSpace(k), v); err != nil {
			return usagef("--param %s", strings.TrimPrefix(err.Error(), "churn: bad parameter: "))
		}
	}
	f, err := readFrame(ctx, *data)
	if err != nil {
		return err
	}
	defer f.Release()
	cols, err := churnColumns(f, *label, *weight, splitList(*features), splitList(*exclude))
	if err != nil {
		return err
	}
	train, err := churn.FrameData(f, *label, cols, *weight)
	if err != nil {
		return fmt.Errorf("%s: %w", *data, err)
	}
	var vd *churn.Data
	if *valid != "" {
		vf, err := readFrame(ctx, *valid)
		if err != nil {
			return err
		}
		defer vf.Release()
		w := *weight
		if w != "" && !vf.Has(w) {
			w = ""
		}
		vd, err = churn.FrameData(vf, *label, cols, w)
		if err != nil {
			return fmt.Errorf("%s: %w", *valid, err)
		}
	}
	start := time.Now()
	m, err := cfg.Fit(ctx, train, vd)
	if err != nil {
		return fmt.Errorf("%s: %w", *data, err)
	}
	secs := time.Since(start).Seconds()
	if err := churnWriteModel(*out, m); err != nil {
		return err
	}
	res := churnTrainOut{
		Model: *out, NTrain: train.NumRows(), NFeatures: m.NumFeatures(), Features: m.Features(),
		NumTrees: m.NumTrees(), BestIteration: m.BestIteration(), ValidLoss: nums(m.EvalHistory()),
		Params: m.Config(), TrainSeconds: num(secs), Importance: churnImportance(m, 0),
	}
	if vd != nil {
		res.NValid = vd.NumRows()
	}
	if *asJSON {
		return writeJSON(stdout, res)
	}
	fmt.Fprintf(stdout, "trained %d trees on %d rows × %d features in %.2f s; model written to %s\n",
		res.NumTrees, res.NTrain, res.NFeatures, secs, *out)
	if len(res.ValidLoss) > 0 {
		fmt.Fprintf(stdout, "validation loss %.5g at the best round %d\n", float64(res.ValidLoss[res.BestIteration]), res.BestIteration)
	}
	for i, imp := range res.Importance[:min(10, len(res.Importance))] {
		fmt.Fprintf(stdout, "%2d. %-30s gain %.4g (%d splits)\n", i+1, imp.Feature, float64(imp.TotalGain), imp.Weight)
	}
	return nil
}

// churnColumns resolves --features / --exclude against the frame.
func churnColumns(f *dataset.Frame, label, weight string, features, exclude []string) ([]string, error) {
	if !f.Has(label) {
		return nil, fmt.Errorf("%s: label column %q is not in the data", f.Source(), label)
	}
	if weight != "" && !f.Has(weight) {
		return nil, fmt.Errorf("%s: weight column %q is not in the data", f.Source(), weight)
	}
	if len(features) > 0 {
		for _, c := range features {
			if !f.Has(c) {
				return nil, fmt.Errorf("%s: feature column %q is not in the data", f.Source(), c)
			}
		}
		return features, nil
	}
	for _, c := range exclude {
		if !f.Has(c) {
			return nil, fmt.Errorf("%s: --exclude column %q is not in the data", f.Source(), c)
		}
	}
	var cols []string
	for _, c := range f.Names() {
		if c == label || c == weight || slices.Contains(exclude, c) {
			continue
		}
		cols = append(cols, c)
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("%s: no feature columns left", f.Source())
	}
	return cols, nil
}

func churnImportance(m *churn.Model, top int) []churnImportanceJS {
	imp := m.Importance()
	if top > 0 && len(imp) > top {
		imp = imp[:top]
	}
	out := make([]churnImportanceJS, len(imp))
	for i, f := range imp {
		out[i] = churnImportanceJS{Feature: f.Feature, Gain: num(f.Gain), TotalGain: num(f.TotalGain), Weight: f.Weight}
	}
	return out
}

func churnWriteModel(path string, m *churn.Model) error {
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing model: %w", err)
	}
	return nil
}

// churnLoadModel reads a sibyl model file; an XGBoost JSON model is
// imported on the fly.
func churnLoadModel(path string) (*churn.Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading model: %w", err)
	}
	m, err := churn.Load(bytes.NewReader(b))
	if err == nil {
		return m, nil
	}
	if bytes.Contains(b[:min(len(b), 4096)], []byte(`"learner"`)) {
		m, err2 := churn.ImportXGBoost(bytes.NewReader(b))
		if err2 != nil {
			return nil, fmt.Errorf("%s: %w", path, err2)
		}
		return m, nil
	}
	return nil, fmt.Errorf("%s: %w", path, err)
}

// churnScoreInputs loads the model at modelPath, reads the rows to score
// from data as a dense matrix in the model's feature order, and copies the
// id column (when id is not empty) as text. The caller releases the frame.
func churnScoreInputs(ctx context.Context, modelPath, data, id string) (*churn.Model, *dataset.Frame, []float64, []string, error) {
	m, err := churnLoadModel(modelPath)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	f, x, err := churnScoreFrame(ctx, m, data)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	var ids []string
	if id != "" {
		if !f.Has(id) {
			f.Release()
			return nil, nil, nil, nil, fmt.Errorf("%s: id column %q is not in the data", data, id)
		}
		if ids, err = f.AppendStrings(nil, id); err != nil {
			f.Release()
			return nil, nil, nil, nil, err
		}
	}
	return m, f, x, ids, nil
}

// churnScoreFrame reads the data file and the model's features from it.
func churnScoreFrame(ctx context.Context, m *churn.Model, path string) (*dataset.Frame, []float64, error) {
	f, err := readFrame(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	x, err := m.Matrix(f)
	if err != nil {
		f.Release()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, x, nil
}

type churnPredictOut struct {
	Out       string `json:"out"`
	N         int    `json:"n"`
	Objective string `json:"objective"`
	Column    string `json:"column"`
}

func churnPredict(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("churn", "predict")
	modelPath := fs.String("model", "", "model file (sibyl JSON, or XGBoost JSON)")
	data := fs.String("data", "", "data file with the model's feature columns")
	out := fs.String("out", "", "output CSV: column p (or id,p with --id)")
	id := fs.String("id", "", "copy this column to the output first")
	margin := fs.Bool("margin", false, "write the raw margin (log-odds) instead of the probability")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("model", *modelPath, "data", *data, "out", *out); err != nil {
		return err
	}
	m, f, x, ids, err := churnScoreInputs(ctx, *modelPath, *data, *id)
	if err != nil {
		return err
	}
	defer f.Release()
	var p []float64
	col := "p"
	if *margin {
		p = m.MarginDense(nil, x)
		col = "margin"
	} else {
		p = m.PredictDense(nil, x)
	}
	header := []string{col}
	if ids != nil {
		header = []string{*id, col}
	}
	err = churnWriteCSV(*out, header, len(p), func(w *bufio.Writer, r int) {
		if ids != nil {
			w.WriteString(churnCSVField(ids[r]))
			w.WriteByte(',')
		}
		w.Write(strconv.AppendFloat(nil, p[r], 'g', -1, 64))
	})
	if err != nil {
		return err
	}
	res := churnPredictOut{Out: *out, N: len(p), Objective: m.Objective(), Column: col}
	if *asJSON {
		return writeJSON(stdout, res)
	}
	fmt.Fprintf(stdout, "wrote %d predictions (%s) to %s\n", len(p), col, *out)
	return nil
}

func churnCSVField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

func churnWriteCSV(path string, header []string, rows int, row func(w *bufio.Writer, r int)) error {
	file, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	w := bufio.NewWriterSize(file, 1<<16)
	for i, h := range header {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(churnCSVField(h))
	}
	w.WriteByte('\n')
	for r := range rows {
		row(w, r)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		file.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return file.Close()
}

type churnEvalOut struct {
	N         int    `json:"n"`
	Objective string `json:"objective"`
	AUC       *num   `json:"auc,omitempty"`
	LogLoss   *num   `json:"logloss,omitempty"`
	Brier     *num   `json:"brier,omitempty"`
	RMSE      *num   `json:"rmse,omitempty"`
	MAE       *num   `json:"mae,omitempty"`
}

func churnEval(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("churn", "eval")
	modelPath := fs.String("model", "", "model file (sibyl JSON, or XGBoost JSON)")
	data := fs.String("data", "", "labelled data file")
	label := fs.String("label", "", "label column")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("model", *modelPath, "data", *data, "label", *label); err != nil {
		return err
	}
	m, err := churnLoadModel(*modelPath)
	if err != nil {
		return err
	}
	f, x, err := churnScoreFrame(ctx, m, *data)
	if err != nil {
		return err
	}
	defer f.Release()
	y, err := f.AppendFloat64s(nil, *label)
	if err != nil {
		return fmt.Errorf("%s: label: %w", *data, err)
	}
	for i, v := range y {
		if v != v {
			return fmt.Errorf("%s: label column %q row %d is missing", *data, *label, i+1)
		}
	}
	if len(y) == 0 {
		return fmt.Errorf("%s: no rows", *data)
	}
	p := m.PredictDense(nil, x)
	res := churnEvalOut{N: len(y), Objective: m.Objective()}
	put := func(v float64, err error) (*num, error) {
		if err != nil {
			return nil, fmt.Errorf("%s: %w", *data, err)
		}
		n := num(v)
		return &n, nil
	}
	if m.Objective() == "reg:squarederror" {
		if res.RMSE, err = put(metrics.RMSE(y, p, nil)); err != nil {
			return err
		}
		if res.MAE, err = put(metrics.MAE(y, p, nil)); err != nil {
			return err
		}
	} else {
		for i, v := range y {
			if v != 0 && v != 1 {
				return fmt.Errorf("%s: label column %q row %d is %v, not 0 or 1", *data, *label, i+1, v)
			}
		}
		if res.AUC, err = put(metrics.ROCAUC(y, p, nil)); err != nil {
			return err
		}
		if res.LogLoss, err = put(metrics.LogLoss(y, p, nil)); err != nil {
			return err
		}
		if res.Brier, err = put(metrics.Brier(y, p, nil)); err != nil {
			return err
		}
	}
	if *asJSON {
		return writeJSON(stdout, res)
	}
	fmt.Fprintf(stdout, "n %d", res.N)
	for _, kv := range []struct {
		k string
		v *num
	}{{"auc", res.AUC}, {"logloss", res.LogLoss}, {"brier", res.Brier}, {"rmse", res.RMSE}, {"mae", res.MAE}} {
		if kv.v != nil {
			fmt.Fprintf(stdout, "  %s %.6g", kv.k, float64(*kv.v))
		}
	}
	fmt.Fprintln(stdout)
	return nil
}

type churnImportOut struct {
	Out       string   `json:"out"`
	Source    string   `json:"source"`
	Objective string   `json:"objective"`
	NumTrees  int      `json:"num_trees"`
	Features  []string `json:"features"`
	BaseScore num      `json:"base_score"`
}

func churnImport(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("churn", "import")
	from := fs.String("from", "xgboost", "source format: xgboost")
	in := fs.String("model", "", "XGBoost JSON model (booster.save_model('*.json'))")
	out := fs.String("out", "", "where to write the sibyl model")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("model", *in, "out", *out); err != nil {
		return err
	}
	if *from != "xgboost" {
		return usagef("--from %q: only xgboost is supported", *from)
	}
	file, err := os.Open(*in)
	if err != nil {
		return fmt.Errorf("reading model: %w", err)
	}
	defer file.Close()
	m, err := churn.ImportXGBoost(file)
	if err != nil {
		return fmt.Errorf("%s: %w", *in, err)
	}
	if err := churnWriteModel(*out, m); err != nil {
		return err
	}
	res := churnImportOut{Out: *out, Source: "xgboost", Objective: m.Objective(), NumTrees: m.NumTrees(),
		Features: m.Features(), BaseScore: num(m.BaseScore())}
	if *asJSON {
		return writeJSON(stdout, res)
	}
	fmt.Fprintf(stdout, "imported %d trees (%s, %d features) to %s\n", res.NumTrees, res.Objective, len(res.Features), *out)
	return nil
}

type churnExplainOut struct {
	Out        string              `json:"out"`
	N          int                 `json:"n"`
	Columns    []string            `json:"columns"`
	Importance []churnImportanceJS `json:"importance"`
	MeanAbs    map[string]num      `json:"mean_abs_contribution"`
}

func churnExplain(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("churn", "explain")
	modelPath := fs.String("model", "", "model file (sibyl JSON, or XGBoost JSON)")
	data := fs.String("data", "", "data file with the model's feature columns")
	out := fs.String("out", "", "output CSV: one column per feature plus bias (contributions to the margin)")
	id := fs.String("id", "", "copy this column to the output first")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("model", *modelPath, "data", *data, "out", *out); err != nil {
		return err
	}
	m, f, x, ids, err := churnScoreInputs(ctx, *modelPath, *data, *id)
	if err != nil {
		return err
	}
	defer f.Release()
	feats := m.Features()
	nf := len(feats)
	c := m.ContribDense(nil, x)
	rows := len(c) / (nf + 1)
	header := append(slices.Clone(feats), "bias")
	if ids != nil {
		header = append([]string{*id}, header...)
	}
	err = churnWriteCSV(*out, header, rows, func(w *bufio.Writer, r int) {
		if ids != nil {
			w.WriteString(churnCSVField(ids[r]))
			w.WriteByte(',')
		}
		var b []byte
		for j, v := range c[r*(nf+1) : (r+1)*(nf+1)] {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		}
		w.Write(b)
	})
	if err != nil {
		return err
	}
	meanAbs := make(map[string]num, nf)
	for j, name := range feats {
		var s float64
		for r := range rows {
			v := c[r*(nf+1)+j]
			if v < 0 {
				v = -v
			}
			s += v
		}
		if rows > 0 {
			meanAbs[name] = num(s / float64(rows))
		}
	}
	res := churnExplainOut{Out: *out, N: rows, Columns: header, Importance: churnImportance(m, 0), MeanAbs: meanAbs}
	if *asJSON {
		return writeJSON(stdout, res)
	}
	fmt.Fprintf(stdout, "wrote contributions of %d features (+ bias) for %d rows to %s\n", nf, rows, *out)
	return nil
}
