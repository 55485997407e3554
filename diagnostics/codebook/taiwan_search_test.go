package codebook

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// taiwanTwins are queries in Taiwan's words with the mainland's words for the same thing: a
// technician in Taiwan types what the Traditional screens show (列印, 金鑰…) and must find what
// a mainland technician finds, ranked the same.
var taiwanTwins = []struct{ tw, cn string }{
	{"列印", "打印"},
	{"印表機", "打印机"},
	{"印表機缺紙", "打印机缺纸"},
	{"列印不清", "打印不清"},
	{"重印", "重打印"},
	{"金鑰", "密钥"},
	{"主金鑰", "主密钥"},
	{"工作金鑰", "工作密钥"},
	{"訊號", "信号"},
	{"沒有訊號", "没有信号"},
	{"網路", "网络"},
	{"行動網路", "移动网络"},
	{"序列埠", "串口"},
	{"鮑率", "波特率"},
	{"韌體", "固件"},
	{"軟體", "软件"},
	{"沖正", "冲正"},
	{"沖正不成功", "冲正不成功"},
	{"簽購單", "签购单"},
	{"簡訊", "短信"},
	{"螢幕", "屏幕"},
	{"螢幕無顯示", "屏幕无显示"},
	{"伺服器", "服务器"},
	{"回應", "响应"},
	{"模組", "模块"},
	{"聯絡發卡行", "联系发卡行"},
	{"對帳", "对账"},
	{"帳戶", "账户"},
	{"感熱紙", "热敏纸"},
	{"資料", "数据"},
	{"交易紀錄", "流水"},
	{"查交易紀錄", "查流水"},
	{"流水號重複", "流水号重复"},
	{"沒出簽單", "没出小票"},
	{"無效商店", "无效商户"},
	{"商店代號", "商户号"},
	{"商店被停用", "商户被停用"},
	{"電文", "报文"},
	{"訊息鑑別碼", "报文鉴别码"},
	{"MAC驗證錯", "MAC校验错"},
	{"檢查值", "校验值"},
	{"卡號檢查碼", "卡号校验位"},
	{"風險控管", "风控"},
	{"離線交易", "脱机交易"},
	{"詐欺", "欺诈"},
	{"交易逾時", "交易超时"},
	{"主機應答逾時", "主机应答超时"},
	{"回應碼 03", "应答码 03"},
	{"回應碼97", "应答码97"},
	{"回應碼", "应答码"},
	{"檔案更新", "文件更新"},
	{"檔案維護", "文件维护"},
	{"欄位", "字段"},
	{"欄位缺失", "字段缺失"},
	{"不支援", "不支持"},
	{"功能不支援", "功能不支持"},
	{"晶片卡", "芯片卡"},
	{"請使用晶片", "请使用芯片"},
	{"當機", "死机"},
	{"開機當機", "开机死机"},
	{"螢幕全黑", "黑屏"},
	{"螢幕損壞", "显示屏损坏"},
	{"按鍵黏住", "按键粘住"},
	{"連接埠", "端口"},
	{"主機位址", "主机地址"},
	{"網路線", "网线"},
	{"纜線", "线缆"},
	{"轉接器", "适配器"},
	{"變壓器", "电源适配器"},
	{"原廠", "原装"},
	{"連線失敗", "连接失败"},
	{"主機拒絕連線", "主机拒绝连接"},
	{"已連線", "已连接"},
	{"線路斷開", "链路断开"},
	{"斷線", "断链"},
	{"無法連網", "无法联网"},
	{"來電轉接", "呼叫转移"},
	{"通路限制", "渠道限制"},
	{"偵測不到", "检测不到"},
	{"感測器", "传感器"},
	{"不相符", "不匹配"},
	{"儲存", "存储"},
	{"目前", "当前"},
}

// describe lists results as code(match/field:score), for messages.
func describe(rs []Result) string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s(%v/%d:%d)", r.Entry.Code, r.Match, r.Field, r.Score))
	}
	return strings.Join(out, " ")
}

// TestTaiwanWordsFindWhatTheMainlandsFind: each Taiwan query gives the entries its mainland twin
// gives, in the same order, matched the same way on the same text, with the same scores. The
// mainland's words must find something, or the pair tests nothing.
func TestTaiwanWordsFindWhatTheMainlandsFind(t *testing.T) {
	b := mustDefault(t)
	for _, c := range taiwanTwins {
		tw, cn := b.Search(c.tw, 20), b.Search(c.cn, 20)
		if len(cn) == 0 {
			t.Errorf("%s: the mainland's %s finds nothing", c.tw, c.cn)
			continue
		}
		same := len(tw) == len(cn)
		for i := 0; same && i < len(tw); i++ {
			a, m := tw[i], cn[i]
			score := a.Score == m.Score || a.Match == MatchCode && a.Score == scoreCodeHan // a prompt typed in Traditional
			same = a.Entry.Code == m.Entry.Code && a.Match == m.Match && a.Field == m.Field && a.Text == m.Text && score
		}
		if !same {
			t.Errorf("Search(%s) = %s\n\tSearch(%s) = %s", c.tw, describe(tw), c.cn, describe(cn))
		}
	}
}

// bookTexts is every Chinese text of an entry the app and lookup show.
func bookTexts(e Entry) []string {
	out := []string{e.Code, e.TitleZH, e.MeaningZH, e.RetryNote.ZH, e.ConflictNote.ZH}
	out = append(out, e.Display...)
	out = append(out, e.Aliases...)
	for _, ts := range [][]Text{e.Causes, e.Actions} {
		for _, x := range ts {
			out = append(out, x.ZH)
		}
	}
	for _, v := range e.Variants {
		out = append(out, v.TitleZH, v.MeaningZH)
	}
	return out
}

// TestTraditionalBookReadsAsTheBook: every text of the book as the Traditional screens show it
// (ToTraditional: s2tw and Taiwan's words) is, to the search, the text the book wrote: what a
// technician in Taiwan reads, typed back, finds what it says.
func TestTraditionalBookReadsAsTheBook(t *testing.T) {
	b := mustDefault(t)
	n, bad := 0, 0
	for _, e := range b.Entries() {
		for _, s := range bookTexts(e) {
			if s == "" || !hasHan(s) {
				continue
			}
			n++
			tw := ToTraditional(s)
			if got, want := Normalize(tw), Normalize(s); got != want {
				if bad++; bad <= 20 {
					t.Errorf("%s: %s\n\tshown as %s\n\tsearched as %s\n\twant       %s", e.Code, s, tw, got, want)
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts", bad, n)
	}
	if n < 1000 {
		t.Fatalf("only %d texts: the walk is broken", n)
	}
}

// TestTraditionalNamesFindTheirEntries: an entry's name as the Traditional screens show it finds
// what the name finds, in the same order.
func TestTraditionalNamesFindTheirEntries(t *testing.T) {
	b := mustDefault(t)
	for _, e := range b.Entries() {
		tw := ToTraditional(e.TitleZH)
		a, m := b.Search(tw, 10), b.Search(e.TitleZH, 10)
		if len(a) == 0 || len(a) != len(m) || a[0].Entry.Code != m[0].Entry.Code {
			t.Errorf("%s: Search(%s) = %s\n\tSearch(%s) = %s", e.Code, tw, describe(a), e.TitleZH, describe(m))
		}
	}
}

// TestTaiwanWordsKeys: every key of Taiwan's words can match. Where s2t writes the mainland's
// word, the key is spelled as s2t writes it (移動網絡, not 移動網路 after 網絡 became 網路: the
// replacer goes over the text once), and no key comes after a shorter one it starts with (at
// one place the first key that matches wins).
func TestTaiwanWordsKeys(t *testing.T) {
	pairs := slices.Concat(taiwanSpellings, taiwanTerms)
	if len(pairs)%2 != 0 {
		t.Fatalf("%d words: not pairs", len(pairs))
	}
	for i := 0; i < len(pairs); i += 2 {
		for j := 0; j < i; j += 2 {
			if strings.HasPrefix(pairs[i], pairs[j]) {
				t.Errorf("%q → %q never matches: %q comes first", pairs[i], pairs[i+1], pairs[j])
			}
		}
		if pairs[i] == pairs[i+1] {
			continue // a word kept from a shorter key (流水號 from 流水)
		}
		// the mainland's word as the book writes it, in Simplified
		cn := regional().Replace(toSimplified(pairs[i]))
		if got := ToTraditional(cn); got != pairs[i+1] {
			t.Errorf("%q → %q: the book's %s reads %s in Traditional", pairs[i], pairs[i+1], cn, got)
		}
	}
}
