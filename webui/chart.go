package webui

import (
	"fmt"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// Chart geometry, in SVG user units (the SVG scales to its container).
const (
	chartW, chartH   = 720, 200
	chartLeft        = 40 // room for the y labels
	chartBottom      = 20 // room for the x labels
	chartTop         = 10
	chartXLabelEvery = 6
)

// stackedChart is a stacked bar chart (blocked under monitored) ready for
// the template: every field is a number or plain text.
type stackedChart struct {
	W, H, Left, Base int
	Bars             []chartBar
	YTicks           []chartTick
	XLabels          []chartTick
}

type chartBar struct {
	X, W               float64
	BlockedY, BlockedH float64
	MonY, MonH         float64
	Title              string // tooltip: time and counts
}

type chartTick struct {
	X, Y  float64
	Label string
}

// newStackedChart lays out buckets as bars.
func newStackedChart(buckets []backend.Bucket, width time.Duration) stackedChart {
	c := stackedChart{W: chartW, H: chartH, Left: chartLeft, Base: chartH - chartBottom}
	maxN := 1
	for _, b := range buckets {
		maxN = max(maxN, b.Blocked+b.Monitored)
	}
	plotH := float64(chartH - chartBottom - chartTop)
	scale := plotH / float64(maxN)
	if len(buckets) == 0 {
		return c
	}
	slot := float64(chartW-chartLeft) / float64(len(buckets))
	for i, b := range buckets {
		x := float64(chartLeft) + float64(i)*slot
		bh := float64(b.Blocked) * scale
		mh := float64(b.Monitored) * scale
		base := float64(c.Base)
		c.Bars = append(c.Bars, chartBar{
			X: x + slot*0.1, W: slot * 0.8,
			BlockedY: base - bh, BlockedH: bh,
			MonY: base - bh - mh, MonH: mh,
			Title: fmt.Sprintf("%s: %d blocked, %d monitored", b.Start.UTC().Format("Jan 2 15:04"), b.Blocked, b.Monitored),
		})
		if i%chartXLabelEvery == 0 {
			layout := "15:04"
			if width > 24*time.Hour {
				layout = "Jan 2"
			}
			c.XLabels = append(c.XLabels, chartTick{X: x, Y: float64(chartH - 4), Label: b.Start.UTC().Format(layout)})
		}
	}
	for _, n := range []int{0, maxN / 2, maxN} {
		y := float64(c.Base) - float64(n)*scale
		c.YTicks = append(c.YTicks, chartTick{X: chartLeft - 6, Y: y + 4, Label: fmt.Sprint(n)})
	}
	return c
}
