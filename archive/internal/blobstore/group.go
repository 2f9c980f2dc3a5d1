package blobstore

// Pages coded with their site's dictionary are stored several to a frame when a batch brings
// more than one of a site: one zstd frame then holds the pages' HTML and texts one after the
// other, and each page finds in the pages before it what no dictionary of older pages holds —
// the "latest news" lists and related links that name the pages fetched just before it.
// Measured on the synthetic site (docs/STORAGE.md, "Groups"), two pages a frame take a tenth
// less than one page a frame and four a fifth less, for the same encoding work: the site's
// cached encoder codes the group in one call. A reader decodes the whole frame to cut one blob
// out of it, so groups are kept small (Options.GroupPages, Options.GroupBytes).
//
// Recaptures coded against their previous version and dictionaries stay one to a frame: a
// delta is already small, and a dictionary is read whole.

// group merges the frames coded with the same site dictionary into frames of up to maxPages
// pages and maxBytes of content, in the order the batch brought them.
func group(frames []frame, maxPages, maxBytes int) []frame {
	out := make([]frame, 0, len(frames))
	open := map[ID]int{} // site dictionary → index in out of the frame still taking pages
	for _, f := range frames {
		if !f.reuse || f.isDict {
			out = append(out, f)
			continue
		}
		if i, ok := open[f.base]; ok && len(out[i].heads) < maxPages && out[i].size()+f.size() <= maxBytes {
			g := &out[i]
			g.ids = append(g.ids, f.ids...)
			g.blobs = append(g.blobs, f.blobs...)
			g.heads = append(g.heads, f.ids[0])
			continue
		}
		f.heads = f.ids[:1:1]
		open[f.base] = len(out)
		out = append(out, f)
	}
	return out
}

// size is the bytes of content a frame holds.
func (f *frame) size() int {
	n := 0
	for _, b := range f.blobs {
		n += len(b)
	}
	return n
}
