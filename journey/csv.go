package journey

import "io"

// csvReader is a streaming RFC 4180 reader that keeps physical line
// numbers (a record is numbered by the line it ends on, like Python's
// csv.reader line_num). It follows Python's csv module in its default dialect (the
// reference generator's reader): comma separator, '"' quoting with ""
// escapes, "\n", "\r\n" or "\r" line ends, a quote inside an unquoted field
// taken literally, characters after a closing quote appended to the field,
// and an empty line read as a record with no fields.
//
// Fields returned by next alias the reader's buffers and are valid until the
// following call.
type csvReader struct {
	r      io.Reader
	buf    []byte
	pos    int // start of the unread data in buf
	end    int // end of the valid data in buf
	eof    bool
	err    error
	line   int // physical line on which the next record starts (1-based)
	spans  []span
	fields [][]byte
	quoted []byte // unescaped text of quoted fields
}

// span locates one field: in buf (relative to the record start) or in quoted.
type span struct {
	start, end int
	inQuoted   bool
}

const csvChunk = 1 << 20

func newCSVReader(r io.Reader) *csvReader {
	return &csvReader{r: r, buf: make([]byte, csvChunk), line: 1}
}

// fill moves the unread data to the front of buf and reads more, growing buf
// when a single record fills it.
func (c *csvReader) fill() {
	if c.eof {
		return
	}
	if c.pos > 0 {
		n := copy(c.buf, c.buf[c.pos:c.end])
		c.pos, c.end = 0, n
	}
	if c.end == len(c.buf) {
		nb := make([]byte, 2*len(c.buf))
		copy(nb, c.buf[:c.end])
		c.buf = nb
	}
	for !c.eof && c.end < len(c.buf) {
		n, err := c.r.Read(c.buf[c.end:])
		c.end += n
		if err == io.EOF {
			c.eof = true
			break
		}
		if err != nil {
			c.err = err
			c.eof = true
			break
		}
		if n > 0 {
			break
		}
	}
}

// next returns the next record's fields and the physical line it ends on
// (the line it starts on unless a quoted field holds line ends).
// At the end of the input it returns io.EOF.
func (c *csvReader) next() (fields [][]byte, line int, err error) {
	for {
		if c.pos == c.end {
			if c.eof {
				if c.err != nil {
					return nil, 0, c.err
				}
				return nil, 0, io.EOF
			}
			c.fill()
			continue
		}
		n, lines, ok := c.parse()
		if !ok && !c.eof {
			c.fill()
			continue
		}
		if c.err != nil {
			return nil, 0, c.err
		}
		// Materialise the fields.
		rec := c.buf[c.pos : c.pos+n]
		c.fields = c.fields[:0]
		for _, s := range c.spans {
			if s.inQuoted {
				c.fields = append(c.fields, c.quoted[s.start:s.end:s.end])
			} else {
				c.fields = append(c.fields, rec[s.start:s.end:s.end])
			}
		}
		// Report the line the record ends on, as Python's csv line_num
		// does: its start line plus the line ends inside quoted fields.
		line = c.line + lines
		if last := c.buf[c.pos+n-1]; last == '\n' || last == '\r' {
			line--
		}
		c.line += lines
		c.pos += n
		return c.fields, line, nil
	}
}

// parse scans one record starting at c.pos. It returns the number of bytes
// consumed (terminator included), the number of line ends consumed, and
// false when the buffered data ends before the record does (at EOF the
// record is then complete as it stands).
func (c *csvReader) parse() (n, lines int, ok bool) {
	b := c.buf[c.pos:c.end]
	c.spans = c.spans[:0]
	c.quoted = c.quoted[:0]
	i := 0
	// An empty line is a record with no fields.
	if b[0] == '\n' {
		return 1, 1, true
	}
	if b[0] == '\r' {
		if len(b) < 2 && !c.eof {
			return 0, 0, false
		}
		if len(b) >= 2 && b[1] == '\n' {
			return 2, 1, true
		}
		return 1, 1, true
	}
	for {
		// Start of a field at b[i].
		if i < len(b) && b[i] == '"' {
			i++
			qs := len(c.quoted)
			closed := false
			for i < len(b) {
				ch := b[i]
				if ch == '"' {
					if i+1 >= len(b) {
						if !c.eof {
							return 0, 0, false
						}
						i++
						closed = true
						break
					}
					if b[i+1] == '"' {
						c.quoted = append(c.quoted, '"')
						i += 2
						continue
					}
					i++
					closed = true
					break
				}
				if ch == '\n' {
					lines++
				} else if ch == '\r' && (i+1 >= len(b) || b[i+1] != '\n') {
					lines++
				}
				c.quoted = append(c.quoted, ch)
				i++
			}
			if !closed {
				if !c.eof {
					return 0, 0, false
				}
				// Unterminated quote at the end of the input: the field
				// runs to the end.
				c.spans = append(c.spans, span{qs, len(c.quoted), true})
				return i, lines, true
			}
			// After the closing quote: anything up to the next separator
			// is appended literally.
			for i < len(b) && b[i] != ',' && b[i] != '\n' && b[i] != '\r' {
				c.quoted = append(c.quoted, b[i])
				i++
			}
			c.spans = append(c.spans, span{qs, len(c.quoted), true})
		} else {
			s := i
			for i < len(b) && b[i] != ',' && b[i] != '\n' && b[i] != '\r' {
				i++
			}
			c.spans = append(c.spans, span{s, i, false})
		}
		if i >= len(b) {
			if !c.eof {
				return 0, 0, false
			}
			return i, lines, true
		}
		switch b[i] {
		case ',':
			i++
			if i >= len(b) {
				if !c.eof {
					return 0, 0, false
				}
				c.spans = append(c.spans, span{i, i, false})
				return i, lines, true
			}
		case '\n':
			return i + 1, lines + 1, true
		case '\r':
			if i+1 >= len(b) {
				if !c.eof {
					return 0, 0, false
				}
				return i + 1, lines + 1, true
			}
			if b[i+1] == '\n' {
				return i + 2, lines + 1, true
			}
			return i + 1, lines + 1, true
		}
	}
}
