// The administrative procedure record (thủ tục hành chính, TTHC) of domain.md §5.3, and the
// parser for the National Public Service Portal export (one JSON object per line, the format of
// data/procedures/*.jsonl and ../shared/data/procedures/procedures.jsonl).
//
// The portal export flattens its tables without separators ("Trực tuyến3 Ngày làm việc5,000 Việt
// Nam Đồng(note)…"). The parser recovers structure as far as the text allows, always keeps the raw
// text beside the structured fields, and lists in `parse_report` what it could not read or had to
// guess. Fields the export does not carry (publication dates, "fully online" eligibility, paper
// result, boundary-free handling) stay unknown (std::nullopt / kUnknown) rather than being guessed.
//
// Plain value types and pure functions, no I/O; safe to call from several threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace motcua::procedure {

// National procedure code: "1.001193", optionally with a suffix ("1.000948.H38",
// "1.001117.000.00.00.H48").
struct NationalCode {
  std::string base;    // "d.dddddd"
  std::string suffix;  // "" or what follows the base without its leading dot: "H38"
  // Returns base, or base + "." + suffix.
  std::string ToString() const { return suffix.empty() ? base : base + "." + suffix; }
};
// Returns the code of `text` (spaces trimmed); InvalidArgument when it is not `d.dddddd[.suffix]`
// with a non-zero leading digit (domain.md §5.2 says 1, 2 or 3; the portal export also has 5 and
// 6) and a suffix of dot-separated groups of digits and A–Z.
Result<NationalCode> ParseNationalCode(std::string_view text);

enum class ChannelKind { kInPerson, kOnline, kPostal };
// Returns "in_person", "online" or "postal".
std::string_view ChannelKindName(ChannelKind kind);

enum class TimeUnit {
  kUnspecified,   // an amount without a unit, or no time at all
  kWorkingDays,   // "Ngày làm việc"
  kCalendarDays,  // "Ngày" (the portal's plain "day"; taken as calendar days — see report)
  kWorkingHours,  // "Giờ làm việc"
  kHours,         // "Giờ"
  kMinutes,       // "Phút"
  kWeeks,         // "Tuần"
  kMonths,        // "Tháng"
  kYears,         // "Năm"
  kSameDay,       // "trong ngày", "ngay trong ngày"
};
// Returns "unspecified", "working_days", "calendar_days", "working_hours", "hours", "minutes",
// "weeks", "months", "years" or "same_day".
std::string_view TimeUnitName(TimeUnit unit);

struct ProcessingTime {
  double amount = 0;  // 0 with kSameDay; fractional amounts occur ("0.5 Ngày làm việc")
  TimeUnit unit = TimeUnit::kUnspecified;
  std::string raw;  // the cell as written: "3 Ngày làm việc", "1", "Không có thông tin"
  // Returns true when amount and unit are both known.
  bool structured() const { return unit != TimeUnit::kUnspecified; }
  bool operator==(const ProcessingTime&) const = default;
};

struct Fee {
  std::string name;                   // "Lệ phí", "Phí" or "Phí, lệ phí" when the text does not say
  std::optional<int64_t> amount_vnd;  // 0 = free ("Miễn phí"); nullopt = not stated
  std::string note;                   // the text in parentheses after the amount, verbatim
  std::string raw;                    // the fee cell as written
  bool operator==(const Fee&) const = default;
};

// One row of the portal's "cách thức thực hiện" table: a way to submit, with its time and fee.
struct ChannelOption {
  ChannelKind kind = ChannelKind::kInPerson;
  ProcessingTime time;
  std::optional<Fee> fee;   // nullopt when the cell says "Không có thông tin"
  std::string description;  // free text after the fee, verbatim
};

// One dossier component (thành phần hồ sơ).
struct Component {
  std::string group;      // the heading it appears under ("Giấy tờ phải nộp:"), "" if none
  std::string name;
  int originals = 0;      // "1 bản chính"
  int copies = 0;         // "1 bản sao"
  std::vector<std::string> templates;  // form files named in the row ("Mẫu CC01 ….doc")
};

enum class OnlineLevel {
  kUnknown,
  kNone,     // no online submission
  kPartial,  // dịch vụ công trực tuyến một phần
  kFull,     // toàn trình
};
// Returns "unknown", "none", "partial" or "full".
std::string_view OnlineLevelName(OnlineLevel level);

enum class Coverage { kNone, kPartial, kFull };
// Returns "none", "partial" or "full".
std::string_view CoverageName(Coverage c);

struct ParseIssue {
  std::string field;    // the export's field name: "cach_thuc_thuc_hien", "thanh_phan_ho_so"…
  std::string message;  // what could not be read, or what was guessed
};

// How completely the flattened fields were read. kFull: every row structured; kPartial: some
// rows or parts; kNone: nothing structured.
struct ParseReport {
  Coverage time = Coverage::kNone;
  Coverage fees = Coverage::kNone;
  Coverage components = Coverage::kNone;
  std::vector<ParseIssue> issues;
};

struct LegalBasis {
  std::string raw;                   // the flattened table as written
  std::vector<std::string> numbers;  // document numbers found in it: "47/2014/QH13", "53/2016/TT-BCA"
};

struct Procedure {
  NationalCode code;
  std::string name;
  std::string field;                // lĩnh vực
  std::vector<std::string> levels;  // cấp thực hiện: "Cấp xã", "Cấp tỉnh"…
  std::string kind;                 // loại thủ tục, verbatim
  // Agencies, verbatim ("" when the portal says "Không có thông tin").
  std::string implementing_agency;  // cơ quan thực hiện
  std::string competent_agency;     // cơ quan có thẩm quyền
  std::string delegated_agency;     // cơ quan được ủy quyền
  std::string coordinating_agency;  // cơ quan phối hợp
  std::string reception_address;    // địa chỉ tiếp nhận
  std::vector<std::string> steps;   // trình tự, one entry per non-empty line
  std::vector<ChannelOption> channels;
  std::string channels_raw;  // cach_thuc_thuc_hien as written
  std::vector<Component> components;
  std::string components_raw;  // thanh_phan_ho_so as written
  // The headline time limit: the in-person row's when structured, else the first structured row's,
  // else the first row's.
  ProcessingTime processing_time;
  std::vector<Fee> fees;  // distinct fees over all channels, in order of appearance
  std::vector<std::string> subjects;  // đối tượng thực hiện
  std::string result;                 // kết quả, without the portal's page furniture
  std::string requirements;           // yêu cầu, điều kiện
  LegalBasis legal_basis;
  std::string publication_decision;           // số quyết định công bố: "9354/QĐ-BCA-C06"
  std::optional<std::string> decision_date;   // ISO date; not in the portal export
  std::optional<std::string> published_date;  // ISO date; not in the portal export
  // From the channels: no online row → kNone; an online row → kPartial (the export cannot tell
  // a fully online service from a partial one; set kFull from another source).
  OnlineLevel online_level = OnlineLevel::kUnknown;
  std::optional<bool> paper_result_required;  // not in the portal export
  std::optional<bool> boundary_free;          // không phụ thuộc địa giới hành chính; not in export
  std::string related_procedures;             // thủ tục liên quan, verbatim
  std::string source_url;                     // detail_url
  std::string source;                         // source_dir: the ministry folder of the crawl
  // How this record was read from the portal export; empty for records edited by hand.
  ParseReport parse_report;
};

// Returns the procedure in one line of the portal export. InvalidArgument when the line is not a
// JSON object or has no valid ma_thu_tuc / ten_thu_tuc (the caller adds the line number).
// Everything else that cannot be read is listed in parse_report, never an error.
Result<Procedure> ParseProcedureLine(std::string_view line);

// The pieces, exposed for tests and for callers that hold the fields already.
// Returns the rows of a flattened "cách thức thực hiện" table; adds to `issues` what it guessed.
std::vector<ChannelOption> ParseChannelTable(std::string_view text,
                                             std::vector<ParseIssue>* issues);
// Returns the time of a cell such as "3 Ngày làm việc", "4 Giờ", "1" (unit unspecified).
ProcessingTime ParseProcessingTime(std::string_view cell);
// Returns the fee of a cell such as "Miễn phí", "5,000 Việt Nam Đồng(note)"; nullopt for
// "Không có thông tin" or an unreadable cell.
std::optional<Fee> ParseFee(std::string_view cell, std::vector<ParseIssue>* issues);
// Returns the components of a flattened "thành phần hồ sơ" table.
std::vector<Component> ParseComponents(std::string_view text, std::vector<ParseIssue>* issues);

}  // namespace motcua::procedure
