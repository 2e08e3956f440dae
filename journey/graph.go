package journey

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Graph is the transition graph for visualisation: one node per state
// (transient states first, in chain order, then (conversion) and (null)) and
// one weighted edge per observed transition.
type Graph struct {
	Nodes []GraphNode `json:"nodes"`
	Edges []GraphEdge `json:"edges"`
}

// GraphNode is one state. Label joins a higher-order context with " > ".
type GraphNode struct {
	ID    int      `json:"id"`
	Label string   `json:"label"`
	State []string `json:"state"`
	// ConversionProbability is b[state] (1 for (conversion), 0 for (null)).
	ConversionProbability float64 `json:"conversion_probability"`
	Absorbing             bool    `json:"absorbing"`
}

// GraphEdge is one observed transition with its count and MLE probability.
type GraphEdge struct {
	From  int     `json:"from"`
	To    int     `json:"to"`
	Count int64   `json:"count"`
	Prob  float64 `json:"prob"`
}

// Graph returns the chain's transition graph.
func (ch *Chain) Graph() Graph {
	n := len(ch.ctx)
	g := Graph{}
	for s := 0; s < n; s++ {
		st := ch.State(s)
		g.Nodes = append(g.Nodes, GraphNode{ID: s, Label: pathString(st), State: st, ConversionProbability: ch.conv[s]})
	}
	g.Nodes = append(g.Nodes,
		GraphNode{ID: n, Label: Conversion, State: []string{Conversion}, ConversionProbability: 1, Absorbing: true},
		GraphNode{ID: n + 1, Label: Null, State: []string{Null}, Absorbing: true})
	convSym := int32(len(ch.channels) + 1)
	for s := 0; s < n; s++ {
		for e := ch.off[s]; e < ch.off[s+1]; e++ {
			to := int(ch.target[e])
			if to < 0 {
				to = n + 1
				if ch.next[e] == convSym {
					to = n
				}
			}
			g.Edges = append(g.Edges, GraphEdge{From: s, To: to, Count: ch.count[e], Prob: ch.prob[e]})
		}
	}
	return g
}

// WriteGraphJSON writes [Chain.Graph] as JSON.
func (ch *Chain) WriteGraphJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(ch.Graph())
}

// WriteDOT writes the transition graph in Graphviz DOT: edges labelled with
// their probabilities (3 significant digits) and weighted by their counts;
// absorbing states drawn as double circles.
func (ch *Chain) WriteDOT(w io.Writer) error {
	g := ch.Graph()
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "digraph journey {\n\trankdir=LR;\n\tnode [shape=box];\n")
	for _, nd := range g.Nodes {
		shape := ""
		if nd.Absorbing {
			shape = ", shape=doublecircle"
		}
		fmt.Fprintf(bw, "\tn%d [label=%s%s];\n", nd.ID, dotQuote(nd.Label), shape)
	}
	for _, e := range g.Edges {
		fmt.Fprintf(bw, "\tn%d -> n%d [label=%s, weight=%d];\n", e.From, e.To,
			dotQuote(strconv.FormatFloat(e.Prob, 'g', 3, 64)), e.Count)
	}
	fmt.Fprintf(bw, "}\n")
	return bw.Flush()
}

func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
