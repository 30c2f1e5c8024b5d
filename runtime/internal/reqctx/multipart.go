package reqctx

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
)

// maxPartValue bounds what is kept of one non-file part's value.
const maxPartValue = 4 << 10

// parseMultipart reads the fields of a multipart/form-data body from its
// first bytes: each field's value, and for a file the file name exactly as
// the client sent it (a classic path traversal vector, which
// multipart.Part.FileName would clean). File contents are skipped. A body
// longer than the inspection limit is read as far as it goes: parts cut
// by the limit are left out, and ErrBodyTooLarge is returned only when no
// field could be read at all.
func parseMultipart(data []byte, boundary string, complete bool) (url.Values, error) {
	if boundary == "" {
		return nil, fmt.Errorf("parsing multipart body: no boundary in the content type")
	}
	mr := multipart.NewReader(bytes.NewReader(data), boundary)
	out := url.Values{}
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if complete && len(out) == 0 {
				return nil, fmt.Errorf("parsing multipart body: %w", err)
			}
			break // cut by the limit, or malformed after good fields
		}
		_, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		if err != nil {
			continue
		}
		name := params["name"]
		if filename, isFile := params["filename"]; isFile {
			out.Add(name, filename)
			continue
		}
		value, err := io.ReadAll(io.LimitReader(part, maxPartValue))
		if err != nil || len(value) == 0 && !complete {
			break // the part was cut by the limit (or is malformed)
		}
		out.Add(name, string(value))
	}
	if len(out) == 0 && !complete {
		return nil, ErrBodyTooLarge
	}
	return out, nil
}
