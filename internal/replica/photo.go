package replica

import (
	"bytes"
	"hash/fnv"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"strconv"
)

// servePhoto answers a newspaper photo path with a small JPEG whose colour depends on the path:
// distinct photos have distinct bytes, and the same photo the same bytes every time.
func servePhoto(w http.ResponseWriter, path string) {
	h := fnv.New32a()
	h.Write([]byte(path))
	sum := h.Sum32()
	img := image.NewRGBA(image.Rect(0, 0, 16, 12))
	c := color.RGBA{R: uint8(sum), G: uint8(sum >> 8), B: uint8(sum >> 16), A: 255}
	for y := range 12 {
		for x := range 16 {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.Write(b.Bytes())
}
