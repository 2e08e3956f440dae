package journey

import "hash/maphash"

// interner maps byte strings to dense int32 ids without allocating on a
// hit: an open-addressing table of (hash, id) with linear probing, the
// strings kept in id order.
type interner struct {
	seed  maphash.Seed
	slots []slot
	strs  []string
	mask  uint64
}

// slot is 32 bytes; keys up to 19 bytes are kept inline so a hit costs one
// cache miss.
type slot struct {
	h  uint64
	id int32 // id+1; 0 is empty
	n  uint8 // key length when inline, else 0xff
	k  [19]byte
}

func (s *slot) matches(in *interner, b []byte) bool {
	if s.n != 0xff {
		return int(s.n) == len(b) && string(s.k[:s.n]) == string(b)
	}
	return in.strs[s.id-1] == string(b)
}

func newInterner() *interner {
	in := &interner{seed: maphash.MakeSeed()}
	in.resize(64)
	return in
}

func (in *interner) resize(n int) {
	in.slots = make([]slot, n)
	in.mask = uint64(n - 1)
	for id, s := range in.strs {
		in.place(maphash.String(in.seed, s), int32(id))
	}
}

func (in *interner) place(h uint64, id int32) {
	i := h & in.mask
	for in.slots[i].id != 0 {
		i = (i + 1) & in.mask
	}
	sl := slot{h: h, id: id + 1, n: 0xff}
	if key := in.strs[id]; len(key) <= len(sl.k) {
		sl.n = uint8(copy(sl.k[:], key))
	}
	in.slots[i] = sl
}

// lookup returns b's id, or −1.
func (in *interner) lookup(b []byte) int32 { return in.find(maphash.Bytes(in.seed, b), b) }

// intern returns b's id, adding it if it is new.
func (in *interner) intern(b []byte) int32 {
	h := maphash.Bytes(in.seed, b)
	if id := in.find(h, b); id >= 0 {
		return id
	}
	return in.insert(h, string(b))
}

// internString is intern for a string, which it keeps without copying.
func (in *interner) internString(str string) int32 {
	h := maphash.String(in.seed, str)
	for i := h & in.mask; ; i = (i + 1) & in.mask {
		s := &in.slots[i]
		if s.id == 0 {
			break
		}
		if s.h == h && in.strs[s.id-1] == str {
			return s.id - 1
		}
	}
	return in.insert(h, str)
}

func (in *interner) find(h uint64, b []byte) int32 {
	for i := h & in.mask; ; i = (i + 1) & in.mask {
		s := &in.slots[i]
		if s.id == 0 {
			return -1
		}
		if s.h == h && s.matches(in, b) {
			return s.id - 1
		}
	}
}

func (in *interner) insert(h uint64, str string) int32 {
	id := int32(len(in.strs))
	in.strs = append(in.strs, str)
	if 2*len(in.strs) > len(in.slots) {
		in.resize(2 * len(in.slots))
	} else {
		in.place(h, id)
	}
	return id
}
