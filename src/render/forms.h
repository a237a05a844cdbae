// PDF forms of the one-stop workflow (domain.md §3.2), drawn with cairo and laid out with pango
// (UTF-8 Vietnamese, wrapped to the page width, in Liberation Serif, metric-compatible with the
// Times New Roman of official documents; fontconfig falls back to another serif, then any font):
//   Mẫu 01 receipt and appointment, Mẫu 02 supplementation request, Mẫu 03 refusal,
//   Mẫu 04 apology and new date, Mẫu 05 stop notice, Mẫu 06 process-control sheet,
//   Mẫu 07 dossier log (2025 numbering; Mẫu 05 and 06 in the 2018 set).
// Every form opens with the two headings of an administrative document (Decree 30/2020 Annex I):
// the issuing body over the unit on the left, the national name and motto with its rule on the
// right, the number "Số: …" under the left and "<place>, ngày dd tháng mm năm yyyy" under the
// right. Signature blocks print a heading, how to sign (a digital signature on the electronic
// form), the signer's full name and title, never an account id.
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
  std::string managing_body;    // the issuing body, in capitals: "UBND XÃ THUẬN CHÂU"
  std::string unit_name;        // the unit under it, in capitals: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
  std::string document_number;  // "07/PTN-TTPVHCC", printed "Số: 07/PTN-TTPVHCC"; empty: no line
  std::string place;            // "Thuận Châu"
  int64_t issued_at = 0;        // the date printed beside the place
  // The unit as the text of a form names it: "Trung tâm Phục vụ hành chính công xã Thuận Châu".
  std::string body_name;
};

// A signature block: "NGƯỜI TIẾP NHẬN HỒ SƠ", how to sign, then the name and title once signed.
struct Signature {
  std::string heading;  // in capitals
  // How to sign; every form may be electronic, so the digital signature is named (domain §3.2).
  std::string how = "(Ký, ghi rõ họ tên;\nký số nếu là biểu mẫu điện tử)";
  std::string name;   // full name; empty leaves the line to write by hand
  std::string title;  // "Công chức Bộ phận Một cửa" (may be empty)
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
  // Papers the applicant filed online without a file and brings to the counter ("Bạn cần mang
  // đến quầy: …"); printed after the components when there are any.
  std::vector<std::string> to_bring;
  int sets = 1;
  std::string legal_limit;  // worded by its unit: "3 ngày làm việc", "trong ngày", "30 ngày"
  int64_t received_at = 0;
  // The appointment issued at reception; when there is none, `due_text` is printed instead.
  std::optional<int64_t> due_at;
  std::string due_text;
  std::string return_place;  // where the result is collected
  // The dossier log line: "Vào Sổ theo dõi hồ sơ, Quyển số 01/2026, Số thứ tự 125".
  std::string log_book;
  int64_t log_serial = 0;
  Signature applicant_signature;  // NGƯỜI NỘP HỒ SƠ
  Signature officer;              // NGƯỜI TIẾP NHẬN HỒ SƠ
  std::string lookup_url;         // encoded in the QR code
};

struct SupplementationForm {  // Mẫu 02
  FormHeader header;
  std::string dossier_code;
  Person applicant;
  std::string procedure;
  std::vector<std::string> items;  // what to add or complete
  std::string reason;
  std::string contact;  // who to call for help, with the phone
  Signature officer;    // NGƯỜI HƯỚNG DẪN
};

struct RefusalForm {  // Mẫu 03
  FormHeader header;
  std::string dossier_code;  // may be empty (refused before a code was given)
  Person applicant;
  std::string procedure;
  std::vector<std::string> reasons;
  // At reception: the applicant and the receiving officer; after appraisal: the head of the agency.
  std::vector<Signature> signatures;
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
  std::optional<int64_t> original_due;  // the due in force it replaces (empty: not printed)
  std::string reason;
  int64_t new_due = 0;
  Signature signer;  // THỦ TRƯỞNG CƠ QUAN: the head of the agency
};

struct StopNoticeForm {  // Mẫu 05
  FormHeader header;
  std::string dossier_code;
  Person applicant;
  std::string procedure;
  int64_t received_at = 0;
  // The ground stated: the applicant's request (made at `requested_at`, when known) or another
  // ground, in `reason`.
  bool at_applicants_request = true;
  std::optional<int64_t> requested_at;
  std::string reason;
  Signature signer;
};

// An electronic result (kết quả giải quyết TTHC điện tử) as the unit signs it (issue 17): the
// decision or certificate the dossier asked for, with the short verification code and its QR code
// leading to the public verification page. Its bytes are what the unit's key signs.
struct ResultForm {
  FormHeader header;            // document_number: the result's number; issued_at: signing time
  std::string title;            // "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" or the procedure's own
  std::string dossier_code;
  std::string procedure;
  std::string applicant_name;
  std::vector<std::string> lines;  // what it decides or certifies
  std::string verify_code;      // "ABCDE-12345"
  std::string verify_url;       // https://…/xac-thuc/ABCDE12345 (the QR code)
  int version = 1;              // a correction is version 2, 3 …
  std::string corrects;         // the number and code of the version it corrects ("" for v1)
  Signature signer;             // the head of the agency, signed digitally
};

// One handover of the dossier between units or people (a row of Mẫu 06).
struct HandoverRow {
  std::string from;  // giao: unit and person, e.g. "Bộ phận Một cửa\nLò Văn Đức"
  std::string to;    // nhận: unit and, once known, the person who took it
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
  std::optional<int64_t> due_at;  // the due in force; when empty `due_text` is printed instead
  std::string due_text;           // "Đang tạm dừng … còn 2 ngày 3 giờ làm việc"
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
  std::string due_text;  // printed when due_at is 0 ("Tạm dừng" while paused)
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
// Returns "ngày 07 tháng 12 năm 2026" for an instant (Vietnam time), as the place-and-date line.
std::string FormatFormDate(int64_t instant_ms);

Result<std::string> RenderReceiptPdf(const ReceiptForm& form);
Result<std::string> RenderSupplementationPdf(const SupplementationForm& form);
Result<std::string> RenderRefusalPdf(const RefusalForm& form);
Result<std::string> RenderApologyPdf(const ApologyForm& form);
Result<std::string> RenderStopNoticePdf(const StopNoticeForm& form);
Result<std::string> RenderProcessSheetPdf(const ProcessSheetForm& form);
Result<std::string> RenderDossierLogPdf(const DossierLogForm& form);
Result<std::string> RenderResultPdf(const ResultForm& form);

Status RenderReceipt(const ReceiptForm& form, const std::string& path);
Status RenderSupplementation(const SupplementationForm& form, const std::string& path);
Status RenderRefusal(const RefusalForm& form, const std::string& path);
Status RenderApology(const ApologyForm& form, const std::string& path);
Status RenderStopNotice(const StopNoticeForm& form, const std::string& path);
Status RenderProcessSheet(const ProcessSheetForm& form, const std::string& path);
Status RenderDossierLog(const DossierLogForm& form, const std::string& path);

}  // namespace motcua::render
