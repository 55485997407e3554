// Package assets embeds the data the app ships: code book, translations, icon, font. No logic.
package assets
