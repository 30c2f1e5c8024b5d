package webui

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// The pages people keep open: the overview (chart and rankings) and the
// attack list, over the demo data.
func BenchmarkPages(b *testing.B) {
	t := &testing.T{}
	f := newFixture(t)
	admin := f.login("alice")
	for _, path := range []string{"/", "/events", "/events?kind=xss"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("GET", path, nil)
				for _, c := range admin.cookies {
					req.AddCookie(c)
				}
				rec := httptest.NewRecorder()
				f.srv.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}

func BenchmarkChart(b *testing.B) {
	buckets := make([]backend.Bucket, 60)
	for i := range buckets {
		buckets[i] = backend.Bucket{Start: time.Unix(int64(i)*60, 0), Blocked: i % 7, Monitored: i % 3}
	}
	b.ReportAllocs()
	for b.Loop() {
		newStackedChart(buckets, time.Hour)
	}
}
