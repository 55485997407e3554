// Package forms writes the merchant's forms (docs/forms.md) as PDF: the adjustment request
// (特约商户调账申请表) and the collection request (特约商户托收/请款业务申请表), A4, Chinese
// set in the embedded font, subset into the file. The form itself — its boxes, how it is filled
// from a journal record, when it fits — is reports.Form, which the visit's workbook shares; this
// package only lays it out on paper. It must not import Fyne, serialio or excelize, nor print a
// card number beyond what reports.Form holds (first 6, last 4).
package forms
