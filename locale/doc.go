// Package locale names the languages POS Doctor speaks (Simplified Chinese, Traditional
// Chinese, English) as a typed Lang, and gives every label table one shape: a Text holds one
// label in each language, and In picks the reader's. The GUI, the CLI and the workbooks read
// the same tables; FoldWidth reads what a full-width input method types as the ASCII it means;
// Wrap breaks lines the way Chinese is set, in a terminal's columns or a screen's pixels.
// It is a leaf: it imports nothing of the project.
package locale
