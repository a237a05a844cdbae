// PDF forms of the one-stop workflow (domain.md §3.2), drawn with cairo and laid out with pango
// (UTF-8 Vietnamese, wrapped to the page width, DejaVu Sans):
//   Mẫu 01 receipt and appointment, Mẫu 02 supplementation request, Mẫu 03 refusal,
//   Mẫu 04 apology and new date, Mẫu 05 stop notice, Mẫu 06 process-control sheet,
//   Mẫu 07 dossier log (2025 numbering; Mẫu 05 and 06 in the 2018 set).
// Inputs are plain structs (this layer does not know services or the store); instants are UTC
// milliseconds and are printed in Vietnam time. Each form has two entry points:
//   Render…Pdf(form) returns the bytes of an A4 PDF (for HTTP), Internal when cairo fails;
//   Render…(form, path) writes those bytes to `path` atomically, Internal naming the file.
// The tables of Mẫu 06 and 07 continue on further pages with their headings repeated, and every
// page of those forms carries "Trang i/n" at its foot. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace motcua::render {

// The shared header of every form.
struct FormHeader {
  std::string managing_body;    // "UBND TỈNH SƠN LA"
  std::string unit_name;        // "UBND XÃ THUẬN CHÂU"
  std::string document_number;  // "Số: 12/TN" (may be empty)
  std::string place;            // "Thuận Châu"
  int64_t issued_at = 0;        // the date printed beside the place
};

struct Person {
  std::string full_name;
  std::string id_number;  // số định danh cá nhân / tổ chức
  std::string address;
  std::string phone;
  std::string email;
};

struct ReceiptForm {  // Mẫu 01
  FormHeader header;
  // The 2018 and 2025 sets name it "Giấy tiếp nhận …" (domain.md §3.2); some provinces print
  // "Phiếu tiếp nhận …", so the title is a field.
  std::string title = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ";
  std::string dossier_code;
  Person applicant;
  // The person who filed under an authorisation (người được ủy quyền), when one did, and the
  // authorisation document ("Giấy ủy quyền số 12/2026").
  std::optional<Person> representative;
  std::string authorisation;
  std::string procedure;                // requested matter
  std::vector<std::string> components;  // components received
  int sets = 1;
  int legal_days = 0;  // legal processing time in working days
  int64_t received_at = 0;
  int64_t due_at = 0;
  std::string return_place;  // where the result is collected
  std::string receiving_officer;
  std::string lookup_url;  // encoded in the QR code
};

struct SupplementationForm {  // Mẫu 02
  FormHeader header;
  std::string dossier_code;
  Person applicant;
  std::string procedure;
  std::vector<std::string> items;  // what to add or complete
  std::string reason;
  std::string contact;  // who to call for help, with the phone
  std::string officer;  // guiding officer
};

struct RefusalForm {  // Mẫu 03
  FormHeader header;
  std::string dossier_code;  // may be empty (refused before a code was given)
  Person applicant;
  std::string procedure;
  std::vector<std::string> reasons;
  std::string officer;
};

struct ApologyForm {  // Mẫu 04
  FormHeader header;
  // 2025 wording by default; the 2018 set reads "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ".
  std::string title = "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT";
  std::string addressee;
  std::string dossier_code;
  Person applicant;
  std::string procedure;
  int64_t received_at = 0;
  int64_t original_due = 0;
  std::string reason;
  int64_t new_due = 0;
  std::string signer;  // head of the agency
};

struct StopNoticeForm {  // Mẫu 05
  FormHeader header;
  std::string dossier_code;
  Person applicant;
  std::string procedure;
  int64_t received_at = 0;
  std::string reason;
  std::string signer;
};

// One handover of the dossier between units or people (a row of Mẫu 06).
struct HandoverRow {
  std::string from;  // giao: unit / person / step, e.g. "Bộ phận một cửa - Lò Văn Đức"
  std::string to;    // nhận
  int64_t at = 0;    // handover instant; 0 prints an empty cell
  std::string result;  // "Trước hạn", "Đúng hạn", "Quá hạn"; empty while the step is in progress
  std::string note;
};

struct ProcessSheetForm {  // Mẫu 06 (2025) / 05 (2018)
  FormHeader header;
  std::string dossier_code;
  std::string handling_body;      // cơ quan chủ trì giải quyết
  std::string coordinating_body;  // cơ quan phối hợp (may be empty)
  std::string lookup_url;         // encoded in the QR code
  int64_t received_at = 0;
  int64_t due_at = 0;
  std::vector<HandoverRow> rows;  // in handover order
};

// One dossier in the log (a row of Mẫu 07). Instants print as dd/mm/yyyy; 0 prints an empty cell.
struct DossierLogRow {
  std::string dossier_code;
  std::string procedure;  // tên thủ tục hành chính
  std::string applicant;
  std::string address;
  std::string phone;
  std::string handling_body;  // cơ quan chủ trì giải quyết
  int64_t received_at = 0;
  int64_t due_at = 0;
  int64_t returned_at = 0;
  std::string delivery;  // hình thức trả: "Trực tiếp", "Bưu chính", "Trực tuyến"
};

// Mẫu 07 (2025) / 06 (2018): the log of one unit over a period, printed on landscape A4.
struct DossierLogForm {
  FormHeader header;        // header.unit_name is the unit whose log this is
  std::string field;        // lĩnh vực the log is kept for (may be empty)
  int64_t period_from = 0;  // printed as the date of the first day
  int64_t period_to = 0;    // printed as the date of the last day (any instant inside it)
  std::vector<DossierLogRow> rows;
};

// Returns "10 giờ 30 phút, ngày 05/12/2026" for an instant (Vietnam time, to the minute).
std::string FormatFormTime(int64_t instant_ms);

Result<std::string> RenderReceiptPdf(const ReceiptForm& form);
Result<std::string> RenderSupplementationPdf(const SupplementationForm& form);
Result<std::string> RenderRefusalPdf(const RefusalForm& form);
Result<std::string> RenderApologyPdf(const ApologyForm& form);
Result<std::string> RenderStopNoticePdf(const StopNoticeForm& form);
Result<std::string> RenderProcessSheetPdf(const ProcessSheetForm& form);
Result<std::string> RenderDossierLogPdf(const DossierLogForm& form);

Status RenderReceipt(const ReceiptForm& form, const std::string& path);
Status RenderSupplementation(const SupplementationForm& form, const std::string& path);
Status RenderRefusal(const RefusalForm& form, const std::string& path);
Status RenderApology(const ApologyForm& form, const std::string& path);
Status RenderStopNotice(const StopNoticeForm& form, const std::string& path);
Status RenderProcessSheet(const ProcessSheetForm& form, const std::string& path);
Status RenderDossierLog(const DossierLogForm& form, const std::string& path);

}  // namespace motcua::render
