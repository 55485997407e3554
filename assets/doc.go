// Package assets embeds the data the app ships: code book, drills, translations, icon, fonts. No logic.
package assets
