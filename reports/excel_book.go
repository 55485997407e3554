package reports

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"posdoctor/reports/xlsx"
)

// bookSheet is one sheet of a workbook: its name, said when it fails, and what writes it.
type bookSheet struct {
	name  string
	write func() error
}

// writeBook writes one of the package's workbooks to w, as the incident report, the monthly
// report and the trainer's workbook all are: a book whose printed pages carry "POS Doctor "
// + footer, the sheets that sheets makes on it written in order, then props. traditional,
// when not nil, converts every string of the book to Traditional Chinese (the options'
// Traditional), and the book says it is in zh-TW; a footer given as xlsx.AsIs (a branch's
// name as typed) is not converted.
func writeBook[T string | xlsx.AsIs](w io.Writer, footer T, meta *bookMeta, traditional func(string) string, sheets func(*xlsx.Book) []bookSheet) error {
	book, err := xlsx.New("POS Doctor "+footer, traditional)
	if err != nil {
		return err
	}
	defer book.Close()
	for _, s := range sheets(book) {
		if err := s.write(); err != nil {
			return fmt.Errorf("sheet %s: %w", s.name, err)
		}
	}
	props := meta.DocProperties
	if traditional != nil {
		props.Language = "zh-TW"
	}
	if err := book.SetProps(&props, meta.title...); err != nil {
		return err
	}
	if _, err := book.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// bookMeta are a workbook's document properties, its title given in parts.
type bookMeta struct {
	excelize.DocProperties
	title []any // strings in the workbook's words, xlsx.AsIs as typed (a branch's name)
}

// bookProps are the document properties every workbook of the package carries: its title
// (parts as Book.SetProps takes them, made safe for the file) and subject, made by POS
// Doctor, in Chinese, at created.
func bookProps(subject string, created time.Time, title ...any) *bookMeta {
	return &bookMeta{DocProperties: excelize.DocProperties{
		Subject:  subject,
		Creator:  "POS Doctor",
		Language: "zh-CN",
		Created:  created.UTC().Format(time.RFC3339),
	}, title: title}
}

// maxBars is how many rows a bar chart shows.
const maxBars = 15

// barChart draws column col of a grid's first rows as horizontal bars, labelled by its first
// column: the breakdowns of the monthly report, the pass rates of the trainer's workbook. An
// empty grid has no chart.
func barChart(fm *xlsx.Form, rg xlsx.Range, title string, col int) {
	if rg.Rows() == 0 {
		return
	}
	top := rg.Head(maxBars)
	fm.Chart(xlsx.Chart{Kind: xlsx.Bars, Title: title, Categories: top.Col(0),
		Series: []xlsx.Series{{Name: top.Header(col), Values: top.Col(col)}}, Rows: min(4+top.Rows(), 16)})
}
