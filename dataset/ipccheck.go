package dataset

import (
	"encoding/binary"
	"errors"
)

// Arrow's IPC reader trusts the lengths inside a file's flatbuffer metadata:
// a corrupted count makes it allocate terabytes or recurse forever, which
// kills the process (a fatal error, not a panic that can be recovered). So
// before the file reaches it, checkIPC walks the metadata it will read —
// the footer, the schema, and each message header and its buffer list —
// and checks every offset, vector length and nesting depth against the
// file. It rejects only what no valid file contains.

var errIPCCorrupt = errors.New("corrupt Arrow IPC metadata")

const (
	ipcMaxDepth = 64      // schema nesting
	ipcMaxNodes = 1 << 16 // schema fields in all
)

// fbuf is a bounds-checked view of one flatbuffer.
type fbuf struct {
	b     []byte
	nodes int
}

func (f *fbuf) u32(pos int) (int, bool) {
	if pos < 0 || pos+4 > len(f.b) {
		return 0, false
	}
	return int(binary.LittleEndian.Uint32(f.b[pos:])), true
}

func (f *fbuf) i64(pos int) (int64, bool) {
	if pos < 0 || pos+8 > len(f.b) {
		return 0, false
	}
	return int64(binary.LittleEndian.Uint64(f.b[pos:])), true
}

// root is the position of the root table.
func (f *fbuf) root() (int, bool) {
	off, ok := f.u32(0)
	return off, ok && off < len(f.b)
}

// field returns the position of field id of the table at tab, 0 if absent.
func (f *fbuf) field(tab, id int) (int, bool) {
	soff, ok := f.u32(tab)
	if !ok {
		return 0, false
	}
	vt := tab - int(int32(uint32(soff)))
	if vt < 0 || vt+4 > len(f.b) {
		return 0, false
	}
	vtLen := int(binary.LittleEndian.Uint16(f.b[vt:]))
	if vtLen < 4 || vt+vtLen > len(f.b) {
		return 0, false
	}
	e := 4 + 2*id
	if e >= vtLen { // the same test as flatbuffers' Table.Offset
		return 0, true
	}
	if vt+e+2 > len(f.b) {
		return 0, false
	}
	o := int(binary.LittleEndian.Uint16(f.b[vt+e:]))
	if o == 0 {
		return 0, true
	}
	if tab+o >= len(f.b) {
		return 0, false
	}
	return tab + o, true
}

// ref follows the offset stored at pos (to a table, vector or string).
func (f *fbuf) ref(pos int) (int, bool) {
	o, ok := f.u32(pos)
	if !ok || pos+o >= len(f.b) {
		return 0, false
	}
	return pos + o, true
}

// table returns the table that field id of tab points to, 0 if absent.
func (f *fbuf) table(tab, id int) (int, bool) {
	p, ok := f.field(tab, id)
	if !ok || p == 0 {
		return 0, ok
	}
	return f.ref(p)
}

// vector returns the start and length of vector field id of tab (elements
// of size elem), checking it lies in the buffer; n is 0 if absent.
func (f *fbuf) vector(tab, id, elem int) (start, n int, ok bool) {
	p, ok := f.field(tab, id)
	if !ok || p == 0 {
		return 0, 0, ok
	}
	v, ok := f.ref(p)
	if !ok {
		return 0, 0, false
	}
	n, ok = f.u32(v)
	if !ok || n > (len(f.b)-v-4)/elem {
		return 0, 0, false
	}
	return v + 4, n, true
}

// tables checks a vector of tables (field id of tab) with check.
func (f *fbuf) tables(tab, id int, check func(t int) bool) bool {
	start, n, ok := f.vector(tab, id, 4)
	if !ok {
		return false
	}
	for k := 0; k < n; k++ {
		t, ok := f.ref(start + 4*k)
		if !ok || !check(t) {
			return false
		}
	}
	return true
}

func (f *fbuf) keyValues(tab, id int) bool {
	return f.tables(tab, id, func(t int) bool {
		_, _, ok1 := f.vector(t, 0, 1)
		_, _, ok2 := f.vector(t, 1, 1)
		return ok1 && ok2
	})
}

// schema checks a Schema table: fields (id 1), custom metadata (id 2).
func (f *fbuf) schema(tab int) bool {
	return f.tables(tab, 1, func(t int) bool { return f.fieldTable(t, 1) }) && f.keyValues(tab, 2)
}

// fieldTable checks a Field: name (0), type (3), dictionary (4), children
// (5), custom metadata (6).
func (f *fbuf) fieldTable(tab, depth int) bool {
	f.nodes++
	if depth > ipcMaxDepth || f.nodes > ipcMaxNodes {
		return false
	}
	if _, _, ok := f.vector(tab, 0, 1); !ok {
		return false
	}
	typ, ok := f.table(tab, 3)
	if !ok {
		return false
	}
	if typ != 0 {
		// Union's typeIds (field 1) is the one vector inside a type.
		tt, ok := f.field(tab, 2)
		if !ok {
			return false
		}
		if tt != 0 && f.b[tt] == 14 {
			if _, _, ok := f.vector(typ, 1, 4); !ok {
				return false
			}
		}
	}
	if _, ok := f.table(tab, 4); !ok {
		return false
	}
	return f.tables(tab, 5, func(t int) bool { return f.fieldTable(t, depth+1) }) && f.keyValues(tab, 6)
}

// message checks a Message flatbuffer whose body (bodyLength bytes) starts
// at bodyAt in a file of fileLen bytes, and returns the body length.
func checkMessage(meta []byte, bodyAt, fileLen int64) (int64, bool) {
	f := &fbuf{b: meta}
	msg, ok := f.root()
	if !ok {
		return 0, false
	}
	var body int64
	if p, ok := f.field(msg, 3); !ok {
		return 0, false
	} else if p != 0 {
		if body, ok = f.i64(p); !ok || body < 0 || body > fileLen-bodyAt {
			return 0, false
		}
	}
	ht, ok := f.field(msg, 1)
	if !ok {
		return 0, false
	}
	header, ok := f.table(msg, 2)
	if !ok || header == 0 || ht == 0 {
		return body, ok && f.keyValues(msg, 4)
	}
	switch f.b[ht] {
	case 1: // Schema
		ok = f.schema(header)
	case 2: // DictionaryBatch: data (1) is a RecordBatch
		var rb int
		if rb, ok = f.table(header, 1); ok && rb != 0 {
			ok = f.recordBatch(rb, body, fileLen)
		}
	case 3: // RecordBatch
		ok = f.recordBatch(header, body, fileLen)
	}
	return body, ok && f.keyValues(msg, 4)
}

// recordBatch checks a RecordBatch: length (0), nodes (1, 16-byte
// structs), buffers (2, 16-byte structs inside the body), compression (3),
// variadic buffer counts (4).
func (f *fbuf) recordBatch(tab int, body, fileLen int64) bool {
	maxLen := 8*fileLen + 1024 // rows an uncompressed body can describe
	if c, ok := f.table(tab, 3); !ok {
		return false
	} else if c != 0 {
		maxLen = 1 << 40
	}
	if p, ok := f.field(tab, 0); !ok {
		return false
	} else if p != 0 {
		n, ok := f.i64(p)
		if !ok || n < 0 || n > maxLen {
			return false
		}
	}
	start, n, ok := f.vector(tab, 1, 16)
	if !ok {
		return false
	}
	for k := 0; k < n; k++ {
		length, _ := f.i64(start + 16*k)
		nulls, _ := f.i64(start + 16*k + 8)
		if length < 0 || length > maxLen || nulls < 0 || nulls > length {
			return false
		}
	}
	start, n, ok = f.vector(tab, 2, 16)
	if !ok {
		return false
	}
	for k := 0; k < n; k++ {
		off, _ := f.i64(start + 16*k)
		length, _ := f.i64(start + 16*k + 8)
		if off < 0 || length < 0 || off > body || length > body-off {
			return false
		}
	}
	start, n, ok = f.vector(tab, 4, 8)
	if !ok {
		return false
	}
	for k := 0; k < n; k++ {
		if c, _ := f.i64(start + 8*k); c < 0 || c > body {
			return false
		}
	}
	return true
}

// messageAt checks the encapsulated message at off: an optional
// 0xFFFFFFFF continuation marker, an int32 metadata length, the metadata,
// then the body. It returns where the next message starts, and end=true at
// an end-of-stream marker.
func messageAt(data []byte, off int64) (next int64, end, ok bool) {
	n := int64(len(data))
	if off+4 > n {
		return 0, false, false
	}
	p := off
	if binary.LittleEndian.Uint32(data[p:]) == 0xFFFFFFFF {
		p += 4
		if p+4 > n {
			return 0, false, false
		}
	}
	ml := int64(int32(binary.LittleEndian.Uint32(data[p:])))
	p += 4
	if ml == 0 {
		return p, true, true
	}
	if ml < 0 || ml > n-p {
		return 0, false, false
	}
	body, ok := checkMessage(data[p:p+ml], p+ml, n)
	if !ok {
		return 0, false, false
	}
	return p + ml + body, false, true
}

// checkIPC checks an Arrow IPC file (starting with the magic "ARROW1") or
// stream held in data, and reports which it is.
func checkIPC(data []byte) (file bool, err error) {
	n := int64(len(data))
	if n >= 6 && string(data[:6]) == "ARROW1" {
		if n < 16 || string(data[n-6:]) != "ARROW1" {
			return true, errIPCCorrupt
		}
		flen := int64(int32(binary.LittleEndian.Uint32(data[n-10:])))
		if flen <= 0 || flen > n-18 {
			return true, errIPCCorrupt
		}
		f := &fbuf{b: data[n-10-flen : n-10]}
		footer, ok := f.root()
		if !ok {
			return true, errIPCCorrupt
		}
		if s, ok := f.table(footer, 1); !ok || (s != 0 && !f.schema(s)) {
			return true, errIPCCorrupt
		}
		for _, id := range []int{2, 3} { // dictionaries, record batches
			start, m, ok := f.vector(footer, id, 24)
			if !ok {
				return true, errIPCCorrupt
			}
			for k := 0; k < m; k++ {
				off, _ := f.i64(start + 24*k)
				if off < 8 || off >= n {
					return true, errIPCCorrupt
				}
				if _, _, ok := messageAt(data, off); !ok {
					return true, errIPCCorrupt
				}
			}
		}
		return true, nil
	}
	// A stream: messages until the end-of-stream marker or the data ends.
	for off := int64(0); off < n; {
		next, end, ok := messageAt(data, off)
		if !ok {
			return false, errIPCCorrupt
		}
		if end {
			return false, nil
		}
		if next <= off || next > n {
			return false, errIPCCorrupt
		}
		off = next
	}
	return false, nil
}
