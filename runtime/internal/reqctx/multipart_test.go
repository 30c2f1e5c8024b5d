package reqctx

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// multipartBody builds a form with a text field and a file whose name is
// given raw, as a hostile client would send it.
func multipartBody(t *testing.T, filename string, fileSize int) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("title", "holiday")
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="upload"; filename="`+filename+`"`)
	fw, err := w.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(bytes.Repeat([]byte("x"), fileSize))
	w.WriteField("after", "late")
	w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

func TestParseMultipart(t *testing.T) {
	tests := []struct {
		name     string
		filename string
		fileSize int
		limit    int
		want     url.Values
	}{
		{"small", "../../etc/passwd", 10, 4096, url.Values{"title": {"holiday"}, "upload": {"../../etc/passwd"}, "after": {"late"}}},
		{"file cut by the limit", "a.png", 10000, 400, url.Values{"title": {"holiday"}, "upload": {"a.png"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctype, body := multipartBody(t, tt.filename, tt.fileSize)
			b := NewBody(io.NopCloser(bytes.NewReader(body)), tt.limit)
			got, err := b.Parse(ctype)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse = %v, want %v", got, tt.want)
			}
			if rest, _ := io.ReadAll(b); !bytes.Equal(rest, body) {
				t.Error("the handler does not read the whole body")
			}
		})
	}
}

func TestParseMultipartErrors(t *testing.T) {
	b := NewBody(io.NopCloser(strings.NewReader("x")), 100)
	if _, err := b.Parse("multipart/form-data"); err == nil || err.Error() != "parsing multipart body: no boundary in the content type" {
		t.Errorf("no boundary: %v", err)
	}
	b = NewBody(io.NopCloser(strings.NewReader("garbage")), 100)
	if _, err := b.Parse("multipart/form-data; boundary=zz"); err == nil || !strings.HasPrefix(err.Error(), "parsing multipart body: ") {
		t.Errorf("garbage: %v", err)
	}
	b = NewBody(io.NopCloser(strings.NewReader(strings.Repeat("y", 500))), 100)
	if _, err := b.Parse("multipart/form-data; boundary=zz"); !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("large garbage: %v, want ErrBodyTooLarge", err)
	}
}

func FuzzParseMultipart(f *testing.F) {
	f.Add([]byte("--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--zz--\r\n"), true)
	f.Add([]byte("--zz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../x\"\r\n\r\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, complete bool) {
		v, err := parseMultipart(data, "zz", complete)
		if err != nil && v != nil {
			t.Fatalf("values %v with error %v", v, err)
		}
	})
}
