package dataset_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/sibylml/sibyl/dataset"
)

func Example_fromCSV() {
	text := "tenure,plan,churned\n12,basic,false\n3,pro,true\n,basic,false\n"
	f, err := dataset.ReadCSV(context.Background(), strings.NewReader(text), "customers.csv", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Release()
	for _, name := range f.Names() {
		k, _ := f.Kind(name)
		nulls, _ := f.NullCount(name)
		fmt.Printf("%s: %s, %d missing\n", name, k, nulls)
	}
	tenure, _ := f.AppendFloat64s(nil, "tenure") // converting copy, missing -> NaN
	codes, levels, _ := f.Codes("plan")
	fmt.Println(tenure, codes, levels)
	// Output:
	// tenure: int, 1 missing
	// plan: string, 0 missing
	// churned: bool, 0 missing
	// [12 3 NaN] [0 1 0] [basic pro]
}

func ExampleReadCSV_errors() {
	_, err := dataset.ReadCSV(context.Background(), strings.NewReader("a,b\n1,2\n3\n"), "data.csv", nil)
	fmt.Println(err)
	_, err = dataset.ReadCSV(context.Background(), strings.NewReader("a\n1\nx\n"), "data.csv",
		&dataset.ReadOptions{Types: map[string]dataset.Kind{"a": dataset.Int}})
	fmt.Println(err)
	// Output:
	// dataset: data.csv line 3: row has the wrong number of fields: row 2 has 1 fields, the header has 2
	// dataset: data.csv: column "a" row 2 (line 3) value "x": value cannot be parsed: not an integer
}

func ExampleSample() {
	f, err := dataset.Sample("lung")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Release()
	fmt.Println(f.NumRows(), f.Names())
	// Output:
	// 228 [time event age sex ph.ecog ph.karno wt.loss]
}

func ExampleSplit_Rows() {
	f, _ := dataset.Sample("mlc_churn_train")
	defer f.Release()
	train, test, err := dataset.Split{TestFraction: 0.2, Stratify: "churn", Seed: 1}.Rows(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	tf, _ := f.Take(test)
	defer tf.Release()
	y, _ := tf.AppendFloat64s(nil, "churn")
	pos := 0.0
	for _, v := range y {
		pos += v
	}
	fmt.Printf("train %d, test %d, test churn rate %.4f\n", len(train), len(test), pos/float64(len(y)))
	// Output:
	// train 3200, test 800, test churn rate 0.1412
}

func ExampleKFold_Folds() {
	var b dataset.Builder
	f, _ := b.String("y", []string{"a", "b", "b", "b", "a", "b", "b", "b", "a", "b"}).Frame()
	defer f.Release()
	folds, _ := dataset.KFold{K: 3, Stratify: "y"}.Folds(f)
	for _, fd := range folds {
		fmt.Println(fd.Test)
	}
	// Output:
	// [0 1 2 3]
	// [4 5 6]
	// [7 8 9]
}

func ExampleNewEventLog() {
	f, _ := dataset.Sample("journey")
	defer f.Release()
	l, err := dataset.NewEventLog(f, dataset.EventLogColumns{Entity: "user_id", Time: "timestamp", Event: "event", Value: "value"})
	if err != nil {
		fmt.Println(err)
		return
	}
	first := l.Offsets[0:2]
	fmt.Println(l.NumEntities(), "users,", l.Len(), "events,", len(l.Bad), "bad rows")
	fmt.Println("events:", l.EventNames)
	fmt.Print("first user ", l.EntityNames[0], ":")
	for i := first[0]; i < first[1]; i++ {
		fmt.Print(" ", l.EventNames[l.Event[i]])
	}
	fmt.Println()
	// Output:
	// 2000 users, 4017 events, 0 bad rows
	// events: [direct display email purchase referral search social]
	// first user u000001: display
}

func ExampleFrame_WithFloat64Column() {
	var b dataset.Builder
	f, _ := b.Float64("x", []float64{1, 2, 3}).Frame()
	defer f.Release()
	scored, _ := f.WithFloat64Column("score", []float64{0.1, 0.5, 0.9})
	defer scored.Release()
	var out strings.Builder
	_ = dataset.WriteCSV(&out, scored)
	fmt.Print(out.String())
	// Output:
	// x,score
	// 1,0.1
	// 2,0.5
	// 3,0.9
}
