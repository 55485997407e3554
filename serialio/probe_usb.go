package serialio

import (
	"path/filepath"
	"runtime"
	"strings"

	"posdoctor/locale"
)

// FindPort returns what the system lists for the port name (a path, a symlink such as
// /dev/serial/by-id/…, or COMn in any case on Windows); ok is false when it is not listed
// (a pty, a port typed by hand that is not there).
func FindPort(name string) (PortInfo, bool) {
	ports, err := ListPorts()
	if err != nil {
		return PortInfo{}, false
	}
	want := name
	if runtime.GOOS != "windows" {
		if p, err := filepath.EvalSymlinks(name); err == nil {
			want = p
		}
	}
	for _, p := range ports {
		if p.Name == want || p.Name == name || runtime.GOOS == "windows" && strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return PortInfo{}, false
}

// USBNote says what a USB port's identity means for the technician: the terminal itself on
// USB, or which USB-serial chip is in the cable and what it needs. Empty for a port that is
// not USB or a vendor nobody knows.
func USBNote(p PortInfo) locale.Text {
	if !p.IsUSB {
		return locale.Text{}
	}
	chip := map[string]string{"ch341": "1a86", "ftdi_sio": "0403", "pl2303": "067b", "cp210x": "10c4"}
	vid := p.VID
	if v, ok := chip[p.Driver]; ok && vid == "" {
		vid = v
	}
	switch {
	case p.Kind == KindTerminal:
		return textf(locale.Text{
			ZH:   "%s 的 USB 编号：终端本身接在 USB 上，是一个虚拟串口（USB CDC）— 速率不起作用；终端须处于 USB/ECR 通讯模式",
			ZHTW: "%s 的 USB 編號：終端本身接在 USB 上，是一個虛擬串列埠（USB CDC）— 速率不起作用；終端須處於 USB/ECR 通訊模式",
			EN:   "a %s USB ID: the terminal itself is on USB, as a virtual serial port (USB CDC) — the speed does not matter; the terminal must be in its USB/ECR mode"}, p.Vendor)
	case vid == "1a86":
		return locale.Text{
			ZH:   "CH340 USB 转串口线：Windows 上要先装 WCH 的 CH341SER 驱动（设备管理器里没有 COM 口就是缺驱动）；速率和格式按终端的 ECR 设置",
			ZHTW: "CH340 USB 轉串列線：Windows 上要先裝 WCH 的 CH341SER 驅動程式（裝置管理員裡沒有 COM 埠就是缺驅動）；速率和格式按終端的 ECR 設定",
			EN:   "a CH340 USB-serial cable: on Windows it needs WCH's CH341SER driver (no COM port in Device Manager means it is missing); speed and format are the terminal's ECR settings"}
	case vid == "067b":
		return locale.Text{
			ZH:   "PL2303 USB 转串口线：Windows 新驱动不认仿冒芯片（设备管理器里有黄色感叹号）— 换正品芯片的线或装旧版驱动；速率和格式按终端的 ECR 设置",
			ZHTW: "PL2303 USB 轉串列線：Windows 新驅動程式不認仿冒晶片（裝置管理員裡有黃色驚嘆號）— 換正品晶片的線或裝舊版驅動；速率和格式按終端的 ECR 設定",
			EN:   "a PL2303 USB-serial cable: recent Windows drivers refuse counterfeit chips (a yellow mark in Device Manager) — use a cable with a genuine chip or the older driver; speed and format are the terminal's ECR settings"}
	case vid == "0403":
		return locale.Text{
			ZH:   "FTDI USB 转串口线：驱动系统自带；速率和格式按终端的 ECR 设置",
			ZHTW: "FTDI USB 轉串列線：驅動程式系統內建；速率和格式按終端的 ECR 設定",
			EN:   "an FTDI USB-serial cable: the driver comes with the system; speed and format are the terminal's ECR settings"}
	case vid == "10c4":
		return locale.Text{
			ZH:   "CP210x USB 转串口线：Windows 上没有 COM 口时要装 Silicon Labs 的 CP210x 驱动；速率和格式按终端的 ECR 设置",
			ZHTW: "CP210x USB 轉串列線：Windows 上沒有 COM 埠時要裝 Silicon Labs 的 CP210x 驅動程式；速率和格式按終端的 ECR 設定",
			EN:   "a CP210x USB-serial cable: on Windows, install Silicon Labs' CP210x driver if no COM port appears; speed and format are the terminal's ECR settings"}
	case p.Driver == "cdc_acm":
		return locale.Text{
			ZH:   "USB CDC 设备（cdc_acm）：多半是终端本身接在 USB 上 — 速率不起作用；终端须处于 USB/ECR 通讯模式",
			ZHTW: "USB CDC 裝置（cdc_acm）：多半是終端本身接在 USB 上 — 速率不起作用；終端須處於 USB/ECR 通訊模式",
			EN:   "a USB CDC device (cdc_acm): most likely the terminal itself on USB — the speed does not matter; the terminal must be in its USB/ECR mode"}
	}
	return locale.Text{}
}
