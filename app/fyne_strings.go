package app

import (
	"encoding/json"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// fyneStringsTW are Fyne's own strings (its dialogs' buttons, the file dialog, the entry's
// menu, the calendar) in Traditional Chinese, which Fyne v2.8 ships only in Simplified
// (zh_Hans): a zh-TW locale matched our zh_TW.json and so showed Fyne's buttons in English.
// The keys are those of Fyne's lang/translations/base.en.json. The file dialog's place names
// (Home, Computer, Desktop, …) Fyne shows as they are: translatePlaces (filedialog.go) translates them.
var fyneStringsTW = map[string]any{
	"Advanced":          "進階",
	"Cancel":            "取消",
	"Confirm":           "確認",
	"Copy":              "複製",
	"Create Folder":     "建立資料夾",
	"Cut":               "剪下",
	"Enter filename":    "輸入檔名",
	"Error":             "錯誤",
	"Favourites":        "我的最愛",
	"File":              "檔案",
	"Folder":            "資料夾",
	"New Folder":        "新資料夾",
	"No":                "否",
	"OK":                "確定",
	"Open":              "開啟",
	"Paste":             "貼上",
	"Quit":              "結束",
	"Redo":              "重做",
	"Save":              "儲存",
	"Select all":        "全選",
	"Show Hidden Files": "顯示隱藏檔案",
	"Undo":              "復原",
	"Yes":               "是",
	"file.name":         map[string]string{"other": "名稱"},
	"file.parent":       map[string]string{"other": "上層資料夾"},
	"friday":            "星期五",
	"friday.short":      "週五",
	"monday":            "星期一",
	"monday.short":      "週一",
	"saturday":          "星期六",
	"saturday.short":    "週六",
	"sunday":            "星期日",
	"sunday.short":      "週日",
	"thursday":          "星期四",
	"thursday.short":    "週四",
	"tuesday":           "星期二",
	"tuesday.short":     "週二",
	"wednesday":         "星期三",
	"wednesday.short":   "週三",
}

// addFyneStrings files fyneStringsTW under zh-TW, the tag our zh_TW.json gets (zh-HK and
// zh-Hant match it too). Run it after our translations are added: they merge.
func addFyneStrings() {
	if err := addFyneStringsFor(fyne.Locale("zh-TW")); err != nil {
		fyne.LogError("loading Fyne's strings in Traditional Chinese", err)
	}
}

// addFyneStringsFor files fyneStringsTW under l.
func addFyneStringsFor(l fyne.Locale) error {
	b, err := json.Marshal(fyneStringsTW)
	if err == nil {
		err = lang.AddTranslationsForLocale(b, l)
	}
	return err
}
