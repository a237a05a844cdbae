// The files the national police systems take for accommodation notices (domain.md §10.1), in one
// place: the XLSX sheet for Vietnamese guests (template tblt_vn_import.xlsx, sheet
// DS_KHACH_VIET_NAM_LUU_TRU, headings in rows 1–3, an example in row 4, data from row 5) and the
// XML <KHAI_BAO_TAM_TRU> for foreign guests. The column and element lists below are the whole
// mapping: a changed template is an edit here. Both are written and read back (a host imports the
// XLSX it already keeps, or a file exported here). Written with libxlsxwriter and libxml2; read
// with libzip and libxml2 (no external entities, no network, bounded sizes). Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace motcua::service {

// One guest as the police files carry it: every value is the text of a cell or element.
struct PoliceRow {
  std::string name;         // HỌ TÊN / ho_ten
  std::string birth;        // dd/MM/yyyy
  std::string sex;          // "M" | "F"
  std::string nationality;  // ISO 3166 alpha-3 ("VNM")
  int doc_type = 0;         // LOẠI GIẤY TỜ code (1 CCCD, 8 Căn cước, 9 other); 0 = none given
  std::string doc_number;   // SỐ GIẤY TỜ (ID number, leading zeros kept) / so_ho_chieu
  std::string phone;
  std::string address;      // ĐỊA CHỈ CHI TIẾT
  std::string arrival;      // dd/MM/yyyy
  std::string departure;    // expected, dd/MM/yyyy
  std::string checked_out;  // dd/MM/yyyy when the guest has gone (XML ngay_tra_phong), else ""
  std::string room;
  int reason = 0;           // LÝ DO CƯ TRÚ code; 0 = none given
  std::string permitted_until;  // foreign: thoi_han_tam_tru, dd/MM/yyyy
  std::string note;
};

// The sheet's name and the first data row (1-based) of the Vietnamese guests' template.
inline constexpr char kVietnameseSheet[] = "DS_KHACH_VIET_NAM_LUU_TRU";
inline constexpr int kVietnameseFirstRow = 5;
// The XML's root and per-guest elements, and the child elements of a guest in order.
inline constexpr char kForeignRoot[] = "KHAI_BAO_TAM_TRU";
inline constexpr char kForeignGuest[] = "THONG_TIN_KHACH";
std::vector<std::string> ForeignGuestElements();

// Returns the "code - label" text of an enumerated cell ("1 - Du lịch"); "" for an unknown code.
std::string ReasonCell(int code);
std::string DocTypeCell(int code);
std::string SexCell(const std::string& sex);  // "M - Nam" / "F - Nữ"

// Returns the XLSX workbook of Vietnamese guests (the template's headings, its example row, and
// one row per guest from row 5). Internal when the file cannot be written.
Result<std::string> WriteVietnameseXlsx(const std::vector<PoliceRow>& rows);
// Returns the guests of such a workbook: the template's sheet by name, else the first sheet; rows
// from row 5 with a name. InvalidArgument when the bytes are not an XLSX workbook.
Result<std::vector<PoliceRow>> ReadVietnameseXlsx(std::string_view bytes);

// Returns the XML declaration of foreign guests (UTF-8).
std::string WriteForeignXml(const std::vector<PoliceRow>& rows);
// Returns the guests of such a declaration. InvalidArgument when it is not one.
Result<std::vector<PoliceRow>> ReadForeignXml(std::string_view bytes);

}  // namespace motcua::service
