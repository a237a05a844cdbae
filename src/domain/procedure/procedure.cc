#include "domain/procedure/procedure.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "base/text.h"

namespace motcua::procedure {
namespace {

using json = nlohmann::json;

constexpr std::string_view kNoInfo = "Không có thông tin";
constexpr std::string_view kNotRegulated = "Không quy định";
constexpr std::string_view kFree = "Miễn phí";
// Time cells that name the same day instead of an amount (used by the curated catalogue).
constexpr std::array<std::string_view, 3> kSameDayCells = {"Ngay trong ngày", "Trong ngày",
                                                           "trong ngày"};
constexpr std::string_view kChannelHeader = "Hình thức nộpThời gianPhí, lệ phíMô tả";
constexpr std::string_view kComponentHeader = "Tên giấy tờMẫu đơn, tờ khaiSố lượng";

struct ChannelWord {
  std::string_view text;
  ChannelKind kind;
};
constexpr std::array<ChannelWord, 3> kChannelWords = {{
    {"Trực tuyến", ChannelKind::kOnline},
    {"Trực tiếp", ChannelKind::kInPerson},
    {"Dịch vụ bưu chính", ChannelKind::kPostal},
}};

struct UnitWord {
  std::string_view text;
  TimeUnit unit;
};
// Longest first, so "Ngày làm việc" wins over "Ngày".
constexpr std::array<UnitWord, 14> kUnitWords = {{
    {"Ngày làm việc", TimeUnit::kWorkingDays},
    {"ngày làm việc", TimeUnit::kWorkingDays},
    {"Giờ làm việc", TimeUnit::kWorkingHours},
    {"giờ làm việc", TimeUnit::kWorkingHours},
    {"Ngày", TimeUnit::kCalendarDays},
    {"ngày", TimeUnit::kCalendarDays},
    {"Giờ", TimeUnit::kHours},
    {"giờ", TimeUnit::kHours},
    {"Phút", TimeUnit::kMinutes},
    {"Tuần", TimeUnit::kWeeks},
    {"Tháng", TimeUnit::kMonths},
    {"tháng", TimeUnit::kMonths},
    {"Năm", TimeUnit::kYears},
    {"năm", TimeUnit::kYears},
}};

constexpr std::array<std::string_view, 5> kCurrencies = {"Việt Nam Đồng", "VNĐ", "VND", "Đồng",
                                                         "đồng"};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Returns the field, or "" when the portal says there is no information.
std::string Clean(std::string_view s) {
  s = Trim(s);
  if (s == kNoInfo) return "";
  return Nfc(s);
}

const UnitWord* UnitAt(std::string_view s) {
  for (const UnitWord& u : kUnitWords) {
    if (StartsWith(s, u.text)) return &u;
  }
  return nullptr;
}

std::string_view CurrencyAt(std::string_view s) {
  for (std::string_view c : kCurrencies) {
    if (StartsWith(s, c)) return c;
  }
  return {};
}

// Returns the length of a number token at the start of `s`: digits, with '.' or ',' between
// digits ("1", "0.5", "1,500,000").
size_t NumberLength(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (IsDigit(s[i]) ||
                          ((s[i] == '.' || s[i] == ',') && i > 0 && i + 1 < s.size() &&
                           IsDigit(s[i - 1]) && IsDigit(s[i + 1])))) {
    ++i;
  }
  return i;
}

// Returns the value of a money amount with ',' or '.' as thousands separators ("1,500,000" or
// "20.000"); nullopt when the grouping is not that of a thousands-separated integer.
std::optional<int64_t> MoneyValue(std::string_view s) {
  if (s.empty() || !IsDigit(s[0])) return std::nullopt;
  int64_t v = 0;
  size_t group = 0;
  bool separated = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (IsDigit(c)) {
      if (v > 1'000'000'000'000LL) return std::nullopt;
      v = v * 10 + (c - '0');
      ++group;
    } else if (c == ',' || c == '.') {
      if ((!separated && (group == 0 || group > 3)) || (separated && group != 3)) {
        return std::nullopt;
      }
      separated = true;
      group = 0;
    } else {
      return std::nullopt;
    }
  }
  if (separated && group != 3) return std::nullopt;
  return v;
}

// Returns the amounts of at least 1,000 written in `note` ("20.000 vnđ", "100.000đồng").
std::set<int64_t> AmountsIn(std::string_view note) {
  std::set<int64_t> out;
  for (size_t i = 0; i < note.size(); ++i) {
    if (!IsDigit(note[i]) || (i > 0 && IsDigit(note[i - 1]))) continue;
    size_t n = NumberLength(note.substr(i));
    if (auto v = MoneyValue(note.substr(i, n)); v && *v >= 1000) out.insert(*v);
    i += n;
  }
  return out;
}

// Returns the index one past the ')' closing the '(' at s[0], or s.size() when unbalanced.
size_t BalancedEnd(std::string_view s) {
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0) return i + 1;
  }
  return s.size();
}

std::string FeeName(std::string_view note) {
  if (note.find("Lệ phí") != std::string_view::npos || note.find("lệ phí") != std::string::npos) {
    return "Lệ phí";
  }
  if (note.find("Phí") != std::string_view::npos || note.find("phí") != std::string::npos) {
    return "Phí";
  }
  return "Phí, lệ phí";
}

std::string_view SameDayCellAt(std::string_view s) {
  for (std::string_view c : kSameDayCells) {
    if (StartsWith(s, c)) return c;
  }
  return {};
}

bool ContainsSameDay(std::string_view s) {
  return s.find("trong ngày") != std::string_view::npos ||
         s.find("Trong ngày") != std::string_view::npos ||
         s.find("trong cùng ngày") != std::string_view::npos;
}

// Returns the channel whose row starts at s[0], or nullptr. A channel word starts a row only when
// a time or fee cell follows it, so "Trực tiếp tại trụ sở…" in a description does not.
const ChannelWord* RowStartAt(std::string_view s) {
  for (const ChannelWord& w : kChannelWords) {
    if (!StartsWith(s, w.text)) continue;
    std::string_view rest = s.substr(w.text.size());
    if (!rest.empty() && (IsDigit(rest[0]) || StartsWith(rest, kNoInfo) ||
                          StartsWith(rest, kNotRegulated) || StartsWith(rest, kFree) ||
                          !SameDayCellAt(rest).empty() ||
                          UnitAt(rest) != nullptr)) {
      return &w;
    }
  }
  return nullptr;
}

struct RowResult {
  ChannelOption option;
  bool time_ok = false;
  bool fee_ok = false;
};

// Reads "<amount> <currency>(<note>)" or "Miễn phí(<note>)" at the start of `s`; sets *used to
// the bytes consumed. `glued_digits` is a number token that ran into the currency with no time
// unit in between ("Trực tuyến1100 VNĐ"): the time and fee digits glued together.
std::optional<Fee> ReadFee(std::string_view s, size_t* used, bool* ok, std::string* time_digits,
                           std::vector<ParseIssue>* issues, std::string_view glued_digits = {}) {
  *used = 0;
  *ok = false;
  Fee fee;
  size_t pos = 0;
  std::string amount_text;
  std::string_view currency;
  if (!glued_digits.empty()) {
    amount_text = std::string(glued_digits);
    while (pos < s.size() && s[pos] == ' ') ++pos;
    currency = CurrencyAt(s.substr(pos));
    pos += currency.size();
  } else if (StartsWith(s, kFree)) {
    fee.amount_vnd = 0;
    pos = kFree.size();
  } else if (StartsWith(s, kNoInfo)) {
    *used = kNoInfo.size();
    return std::nullopt;
  } else if (!s.empty() && IsDigit(s[0])) {
    size_t n = NumberLength(s);
    size_t p = n;
    while (p < s.size() && s[p] == ' ') ++p;
    currency = CurrencyAt(s.substr(p));
    if (currency.empty()) return std::nullopt;  // not a fee cell
    amount_text = std::string(s.substr(0, n));
    pos = p + currency.size();
  } else {
    return std::nullopt;
  }
  if (pos < s.size() && s[pos] == '(') {
    size_t end = BalancedEnd(s.substr(pos));
    size_t inner_end = end > 1 && s[pos + end - 1] == ')' ? end - 1 : end;
    fee.note = Nfc(Trim(s.substr(pos + 1, inner_end - 1)));
    pos += end;
  }
  fee.raw = Nfc(s.substr(0, pos));
  fee.name = FeeName(fee.note);
  *used = pos;
  if (fee.amount_vnd) {  // Miễn phí
    *ok = true;
    return fee;
  }
  std::set<int64_t> in_note = AmountsIn(fee.note);
  std::optional<int64_t> amount = MoneyValue(amount_text);
  if (!glued_digits.empty()) {
    // Split the glued digits into time + fee, using the note's amount when it decides.
    std::optional<std::pair<std::string, int64_t>> split;
    for (size_t k = 1; k < amount_text.size() && !split; ++k) {
      if (!IsDigit(amount_text[k]) || amount_text[k] == '0') continue;
      auto v = MoneyValue(std::string_view(amount_text).substr(k));
      if (v && (in_note.count(*v) || in_note.count(*v * 1000))) {
        split = std::make_pair(amount_text.substr(0, k), *v);
      }
    }
    if (!split && !amount) {
      // "1100,000": not a valid grouping as a whole; the fee is the longest valid tail.
      for (size_t k = 1; k < amount_text.size() && !split; ++k) {
        if (amount_text[k] == '0') continue;
        if (auto v = MoneyValue(std::string_view(amount_text).substr(k))) {
          split = std::make_pair(amount_text.substr(0, k), *v);
        }
      }
    }
    if (split) {
      *time_digits = split->first;
      amount = split->second;
      issues->push_back({"cach_thuc_thuc_hien",
                         "time and fee digits glued ('" + amount_text + "'): read as time '" +
                             split->first + "' (no unit) and fee " + std::to_string(*amount)});
    } else {
      issues->push_back({"cach_thuc_thuc_hien", "time and fee digits glued ('" + amount_text +
                                                     "'): read all as the fee; time unknown"});
    }
  }
  if (!amount) {
    issues->push_back({"cach_thuc_thuc_hien", "fee amount '" + amount_text + "' not readable"});
    return fee;
  }
  bool ok_amount = glued_digits.empty();
  if (*amount > 0 && *amount < 1000) {
    if (in_note.count(*amount * 1000)) {
      issues->push_back({"cach_thuc_thuc_hien",
                         "fee " + std::to_string(*amount) + " " + std::string(currency) +
                             " read as " + std::to_string(*amount * 1000) +
                             " đồng: the note states that amount"});
      *amount *= 1000;
    } else {
      issues->push_back({"cach_thuc_thuc_hien",
                         "fee " + std::to_string(*amount) + " " + std::string(currency) +
                             " is under 1,000 đồng, probably thousands; kept as written"});
      ok_amount = false;
    }
  }
  fee.amount_vnd = *amount;
  *ok = ok_amount;
  return fee;
}

RowResult ParseRow(ChannelKind kind, std::string_view s, std::vector<ParseIssue>* issues) {
  RowResult r;
  r.option.kind = kind;
  size_t pos = 0;
  std::string glued;
  // Time cell.
  if (!s.empty() && IsDigit(s[0])) {
    size_t n = NumberLength(s);
    std::string_view number = s.substr(0, n);
    size_t p = n;
    while (p < s.size() && s[p] == ' ') ++p;
    if (const UnitWord* u = UnitAt(s.substr(p))) {
      r.option.time.amount = std::strtod(std::string(number).c_str(), nullptr);
      if (number.find(',') != std::string_view::npos) {
        std::string dot(number);
        std::replace(dot.begin(), dot.end(), ',', '.');
        r.option.time.amount = std::strtod(dot.c_str(), nullptr);
      }
      r.option.time.unit = u->unit;
      r.option.time.raw = Nfc(s.substr(0, p + u->text.size()));
      pos = p + u->text.size();
      r.time_ok = true;
    } else if (!CurrencyAt(s.substr(p)).empty()) {
      glued = std::string(number);
      pos = 0;
    } else {
      r.option.time.amount = std::strtod(std::string(number).c_str(), nullptr);
      r.option.time.raw = std::string(number);
      pos = n;
    }
  } else if (std::string_view same = SameDayCellAt(s); !same.empty()) {
    r.option.time.unit = TimeUnit::kSameDay;
    r.option.time.raw = std::string(same);
    pos = same.size();
    r.time_ok = true;
  } else if (StartsWith(s, kNoInfo)) {
    r.option.time.raw = std::string(kNoInfo);
    pos = kNoInfo.size();
  } else if (StartsWith(s, kNotRegulated)) {
    r.option.time.raw = std::string(kNotRegulated);
    pos = kNotRegulated.size();
  } else if (const UnitWord* u = UnitAt(s)) {  // a unit with no amount
    r.option.time.raw = std::string(u->text);
    pos = u->text.size();
  }
  // Fee cell.
  size_t used = 0;
  std::string time_digits;
  std::string_view rest = s.substr(pos);
  if (!glued.empty()) rest = s.substr(glued.size());
  r.option.fee = ReadFee(rest, &used, &r.fee_ok, &time_digits, issues, glued);
  if (!glued.empty()) {
    r.option.time.raw = time_digits;
    r.option.time.amount =
        time_digits.empty() ? 0 : std::strtod(time_digits.c_str(), nullptr);
    pos = glued.size();
  }
  if (used == 0 && !StartsWith(rest, kNoInfo)) {
    issues->push_back({"cach_thuc_thuc_hien", "no fee cell in row '" +
                                                  std::string(s.substr(0, 60)) + "'"});
  }
  pos += used;
  r.option.description = Nfc(Trim(s.substr(std::min(pos, s.size()))));
  // Time without a unit: "same day" when the description says so, else unspecified.
  if (!r.time_ok) {
    if ((r.option.time.amount == 0 || r.option.time.raw.empty() ||
         r.option.time.raw == kNoInfo) &&
        ContainsSameDay(r.option.description)) {
      r.option.time.unit = TimeUnit::kSameDay;
      r.option.time.amount = 0;
      r.time_ok = true;
      issues->push_back({"cach_thuc_thuc_hien",
                         "time read as same day from the description"});
    } else if (!r.option.time.raw.empty() && IsDigit(r.option.time.raw[0])) {
      issues->push_back({"cach_thuc_thuc_hien",
                         "time '" + r.option.time.raw + "' has no unit"});
    } else {
      issues->push_back({"cach_thuc_thuc_hien",
                         "no time stated for " + std::string(ChannelKindName(kind)) + " (" +
                             (r.option.time.raw.empty() ? "empty" : r.option.time.raw) + ")"});
    }
  }
  return r;
}

std::vector<RowResult> ParseChannelRows(std::string_view text, std::vector<ParseIssue>* issues) {
  std::vector<RowResult> rows;
  text = Trim(text);
  if (StartsWith(text, kChannelHeader)) {
    text.remove_prefix(kChannelHeader.size());
  } else if (!text.empty()) {
    issues->push_back({"cach_thuc_thuc_hien", "no table header; reading rows anyway"});
  }
  std::vector<std::pair<size_t, const ChannelWord*>> starts;
  for (size_t i = 0; i < text.size(); ++i) {
    if (const ChannelWord* w = RowStartAt(text.substr(i))) {
      starts.emplace_back(i, w);
      i += w->text.size() - 1;
    }
  }
  if (starts.empty()) {
    if (!text.empty()) {
      issues->push_back({"cach_thuc_thuc_hien", "no submission channel rows found"});
    }
    return rows;
  }
  if (starts[0].first > 0) {
    issues->push_back({"cach_thuc_thuc_hien",
                       "text before the first row ignored: '" +
                           std::string(Trim(text.substr(0, std::min<size_t>(starts[0].first, 60)))) +
                           "'"});
  }
  for (size_t k = 0; k < starts.size(); ++k) {
    size_t begin = starts[k].first + starts[k].second->text.size();
    size_t end = k + 1 < starts.size() ? starts[k + 1].first : text.size();
    rows.push_back(ParseRow(starts[k].second->kind, text.substr(begin, end - begin), issues));
  }
  return rows;
}

// --- Components.

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char a = s[s.size() - suffix.size() + i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != suffix[i]) return false;
  }
  return true;
}

size_t TemplateExtension(std::string_view s) {
  for (std::string_view ext : {".docx", ".doc", ".pdf", ".xlsx", ".xls", ".odt", ".rar", ".zip"}) {
    if (EndsWithIgnoreCase(s, ext)) return ext.size();
  }
  return 0;
}

// Splits "<name><file>.doc" at the start of the file name: after the last ')', '.', ';' or ':'
// (or before a glued "Mẫu"/"Mau") that leaves a file stem of at least 3 characters.
bool SplitTemplate(std::string_view row, std::string* name, std::string* file) {
  size_t ext = TemplateExtension(row);
  if (ext == 0) return false;
  size_t stem_end = row.size() - ext;
  size_t best_punct = std::string_view::npos, best_glued = std::string_view::npos;
  for (size_t i = 1; i + 3 <= stem_end; ++i) {
    char p = row[i - 1];
    bool after_punct = (p == ')' || p == '.' || p == ';' || p == ':') && row[i] != ' ' &&
                       row[i] != '.' && row[i] != ')';
    bool glued_form = !IsSpace(p) && (StartsWith(row.substr(i), "Mẫu") ||
                                      StartsWith(row.substr(i), "Mau") ||
                                      StartsWith(row.substr(i), "mau"));
    if (after_punct) best_punct = i;
    if (glued_form) best_glued = i;
  }
  size_t best = best_punct != std::string_view::npos ? best_punct : best_glued;
  if (best == std::string_view::npos) {
    *name = std::string(row);  // cannot tell the file from the name: keep it as the name
    return false;
  }
  *name = std::string(Trim(row.substr(0, best)));
  *file = std::string(Trim(row.substr(best)));
  return true;
}

std::string CleanTitle(std::string_view s) {
  s = Trim(s);
  while (!s.empty() && (s.front() == '-' || s.front() == '*' || IsSpace(s.front()))) {
    s.remove_prefix(1);
  }
  return Nfc(Trim(s));
}

// Finds the next quantity cell ("1 bản chính", "0 bản chính,1 bản sao", "2 bản sao") at or after
// `from`, glued to the text before it. Returns false when none.
bool NextQuantity(std::string_view s, size_t from, size_t* digits_begin, size_t* end,
                  int* originals, int* copies) {
  constexpr std::string_view kOriginal = " bản chính";
  constexpr std::string_view kCopy = " bản sao";
  size_t pos = from;
  while (pos < s.size()) {
    size_t a = s.find(kOriginal, pos), b = s.find(kCopy, pos);
    size_t q = std::min(a, b);
    if (q == std::string_view::npos) return false;
    bool is_original = q == a;
    size_t d = q;
    while (d > from && IsDigit(s[d - 1]) && q - d < 3) --d;
    if (d == q) {
      pos = q + 1;
      continue;
    }
    if (q - d > 1 && d > from && IsDigit(s[d - 1])) d = q - 1;  // a long run: last digit only
    if (d > from && IsSpace(s[d - 1])) {  // "…: 01 bản chính" inside a name, not a cell
      pos = q + 1;
      continue;
    }
    int n = std::atoi(std::string(s.substr(d, q - d)).c_str());
    *digits_begin = d;
    *originals = is_original ? n : 0;
    *copies = is_original ? 0 : n;
    size_t e = q + (is_original ? kOriginal.size() : kCopy.size());
    if (is_original && e < s.size() && s[e] == ',') {
      size_t c = e + 1;
      size_t cd = c;
      while (cd < s.size() && IsDigit(s[cd])) ++cd;
      if (cd > c && StartsWith(s.substr(cd), kCopy)) {
        *copies = std::atoi(std::string(s.substr(c, cd - c)).c_str());
        e = cd + kCopy.size();
      }
    }
    *end = e;
    return true;
  }
  return false;
}

LegalBasis ParseLegalBasis(std::string_view raw) {
  LegalBasis lb;
  lb.raw = Clean(raw);
  std::string_view s = lb.raw;
  std::set<std::string> seen;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '/') continue;
    size_t b = i;
    while (b > 0 && IsDigit(s[b - 1]) && i - b < 4) --b;
    if (b == i || i + 6 > s.size()) continue;
    bool year = true;
    for (size_t k = i + 1; k < i + 5; ++k) year = year && IsDigit(s[k]);
    if (!year || s[i + 5] != '/') continue;
    size_t e = i + 6;
    while (e < s.size()) {
      char c = s[e];
      if ((c >= 'A' && c <= 'Z') || IsDigit(c) || c == '-') {
        ++e;
      } else if (StartsWith(s.substr(e), "Đ")) {
        e += 2;
      } else {
        break;
      }
    }
    // "…/QH13Thông tư": the capital that starts the next title is not part of the number.
    if (e < s.size() && e > i + 6 && ((s[e] >= 'a' && s[e] <= 'z') || (s[e] & 0x80))) {
      --e;
      if (e > i + 6 && (s[e] & 0xC0) == 0x80) --e;  // a two-byte capital such as Đ
    }
    // "…/TT-BTC75/2022/…": digits glued on are the start of the next number.
    if (e < s.size() && s[e] == '/') {
      while (e > i + 6 && IsDigit(s[e - 1])) --e;
    }
    while (e > i + 6 && s[e - 1] == '-') --e;
    if (e == i + 6) continue;
    std::string number(s.substr(b, e - b));
    if (seen.insert(number).second) lb.numbers.push_back(number);
    i = e;
  }
  return lb;
}

std::vector<std::string> SplitTopLevelCommas(std::string_view s) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] == '(') ++depth;
    if (i < s.size() && s[i] == ')') --depth;
    if (i == s.size() || (s[i] == ',' && depth == 0)) {
      std::string part = Nfc(Trim(s.substr(start, i - start)));
      if (!part.empty() && part != kNoInfo) out.push_back(part);
      start = i + 1;
    }
  }
  return out;
}

std::string CleanResult(std::string_view s) {
  for (std::string_view cut : {"Mã: KQ", "Từ khóaKhông có thông tin", "Chọn cơ quan thực hiện"}) {
    size_t p = s.find(cut);
    if (p != std::string_view::npos) s = s.substr(0, p);
  }
  return Clean(s);
}

std::string JStr(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

Coverage CoverageOf(size_t ok, size_t total) {
  if (total == 0 || ok == 0) return Coverage::kNone;
  return ok == total ? Coverage::kFull : Coverage::kPartial;
}

}  // namespace

Result<NationalCode> ParseNationalCode(std::string_view text) {
  std::string_view s = Trim(text);
  auto bad = [&] {
    return Status::InvalidArgument("procedure code '" + std::string(text) +
                                   "' is not of the form d.dddddd (e.g. 1.001193)");
  };
  // The leading digit is 1, 2 or 3 in domain.md's sources, but the portal also has 5.xxxxxx and
  // 6.xxxxxx codes; any non-zero digit is accepted.
  if (s.size() < 8 || s[0] < '1' || s[0] > '9' || s[1] != '.') return bad();
  for (size_t i = 2; i < 8; ++i) {
    if (!IsDigit(s[i])) return bad();
  }
  NationalCode code{std::string(s.substr(0, 8)), ""};
  if (s.size() == 8) return code;
  if (s[8] != '.' || s.size() == 9) return bad();
  std::string_view suffix = s.substr(9);
  char prev = '.';
  for (char c : suffix) {
    bool ok = IsDigit(c) || (c >= 'A' && c <= 'Z') || (c == '.' && prev != '.');
    if (!ok) return bad();
    prev = c;
  }
  if (prev == '.') return bad();
  code.suffix = std::string(suffix);
  return code;
}

std::string_view ChannelKindName(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::kInPerson: return "in_person";
    case ChannelKind::kOnline: return "online";
    case ChannelKind::kPostal: return "postal";
  }
  return "unknown";
}

std::string_view TimeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kUnspecified: return "unspecified";
    case TimeUnit::kWorkingDays: return "working_days";
    case TimeUnit::kCalendarDays: return "calendar_days";
    case TimeUnit::kWorkingHours: return "working_hours";
    case TimeUnit::kHours: return "hours";
    case TimeUnit::kMinutes: return "minutes";
    case TimeUnit::kWeeks: return "weeks";
    case TimeUnit::kMonths: return "months";
    case TimeUnit::kYears: return "years";
    case TimeUnit::kSameDay: return "same_day";
  }
  return "unspecified";
}

std::string_view OnlineLevelName(OnlineLevel level) {
  switch (level) {
    case OnlineLevel::kUnknown: return "unknown";
    case OnlineLevel::kNone: return "none";
    case OnlineLevel::kPartial: return "partial";
    case OnlineLevel::kFull: return "full";
  }
  return "unknown";
}

std::string_view CoverageName(Coverage c) {
  switch (c) {
    case Coverage::kNone: return "none";
    case Coverage::kPartial: return "partial";
    case Coverage::kFull: return "full";
  }
  return "none";
}

ProcessingTime ParseProcessingTime(std::string_view cell) {
  std::vector<ParseIssue> ignored;
  std::string row(Trim(cell));
  row += std::string(kNoInfo);  // a fee cell, so the row reads as a whole
  RowResult r = ParseRow(ChannelKind::kInPerson, row, &ignored);
  return r.option.time;
}

std::optional<Fee> ParseFee(std::string_view cell, std::vector<ParseIssue>* issues) {
  size_t used = 0;
  bool ok = false;
  std::string time_digits;
  return ReadFee(Trim(cell), &used, &ok, &time_digits, issues);
}

std::vector<ChannelOption> ParseChannelTable(std::string_view text,
                                             std::vector<ParseIssue>* issues) {
  std::vector<ChannelOption> out;
  for (RowResult& r : ParseChannelRows(text, issues)) out.push_back(std::move(r.option));
  return out;
}

std::vector<Component> ParseComponents(std::string_view text, std::vector<ParseIssue>* issues) {
  std::vector<Component> out;
  std::string_view s = Trim(text);
  if (s.empty() || s == kNoInfo) return out;
  std::vector<size_t> headers;
  for (size_t p = s.find(kComponentHeader); p != std::string_view::npos;
       p = s.find(kComponentHeader, p + 1)) {
    headers.push_back(p);
  }
  if (headers.empty()) {
    issues->push_back({"thanh_phan_ho_so", "no component table header"});
    return out;
  }
  std::string group = CleanTitle(s.substr(0, headers[0]));
  for (size_t h = 0; h < headers.size(); ++h) {
    size_t begin = headers[h] + kComponentHeader.size();
    size_t end = h + 1 < headers.size() ? headers[h + 1] : s.size();
    std::string_view body = s.substr(begin, end - begin);
    size_t pos = 0, digits = 0, qend = 0;
    int originals = 0, copies = 0;
    while (NextQuantity(body, pos, &digits, &qend, &originals, &copies)) {
      std::string_view row = Trim(body.substr(pos, digits - pos));
      Component c;
      c.group = group;
      c.originals = originals;
      c.copies = copies;
      std::string name, file;
      std::string current(row);
      // Peel template files off the end ("a.docb.docx").
      for (int k = 0; k < 4 && SplitTemplate(current, &name, &file); ++k) {
        c.templates.insert(c.templates.begin(), Nfc(file));
        current = name;
      }
      c.name = Nfc(Trim(current));
      while (!c.name.empty() && (c.name.front() == '-' || c.name.front() == '+')) {
        c.name = std::string(Trim(std::string_view(c.name).substr(1)));
      }
      if (c.name.empty()) {
        issues->push_back({"thanh_phan_ho_so", "a component row without a name"});
      } else {
        out.push_back(std::move(c));
      }
      pos = qend;
    }
    std::string_view tail = Trim(body.substr(pos));
    if (h + 1 < headers.size()) {
      group = CleanTitle(tail);  // the heading of the next table
    } else if (!tail.empty()) {
      issues->push_back({"thanh_phan_ho_so",
                         "text after the last quantity not read as a component: '" +
                             std::string(tail.substr(0, 80)) + "'"});
    }
  }
  return out;
}

Result<Procedure> ParseProcedureLine(std::string_view line) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument("not a JSON object");
  }
  Procedure p;
  auto code = ParseNationalCode(JStr(j, "ma_thu_tuc"));
  if (!code.ok()) return code.status();
  p.code = std::move(*code);
  p.name = Clean(JStr(j, "ten_thu_tuc"));
  if (p.name.empty()) {
    return Status::InvalidArgument("procedure " + p.code.ToString() + " has no name (ten_thu_tuc)");
  }
  ParseReport& rep = p.parse_report;
  p.field = Clean(JStr(j, "linh_vuc"));
  p.levels = SplitTopLevelCommas(JStr(j, "cap_thuc_hien"));
  p.kind = Clean(JStr(j, "loai_thu_tuc"));
  p.implementing_agency = Clean(JStr(j, "co_quan_thuc_hien"));
  p.competent_agency = Clean(JStr(j, "co_quan_co_tham_quyen"));
  p.delegated_agency = Clean(JStr(j, "co_quan_duoc_uy_quyen"));
  p.coordinating_agency = Clean(JStr(j, "co_quan_phoi_hop"));
  p.reception_address = Clean(JStr(j, "dia_chi_tiep_nhan"));
  p.related_procedures = Clean(JStr(j, "thu_tuc_lien_quan"));
  std::string steps = Clean(JStr(j, "trinh_tu_thuc_hien"));
  for (size_t start = 0; start <= steps.size();) {
    size_t nl = steps.find('\n', start);
    if (nl == std::string::npos) nl = steps.size();
    std::string_view step = Trim(std::string_view(steps).substr(start, nl - start));
    if (!step.empty()) p.steps.emplace_back(step);
    start = nl + 1;
  }
  p.subjects = SplitTopLevelCommas(JStr(j, "doi_tuong_thuc_hien"));
  p.result = CleanResult(JStr(j, "ket_qua_xu_ly"));
  p.requirements = Clean(JStr(j, "yeu_cau_dieu_kien"));
  p.legal_basis = ParseLegalBasis(JStr(j, "can_cu_phap_ly"));
  p.publication_decision = Clean(JStr(j, "so_quyet_dinh"));
  p.source_url = JStr(j, "detail_url");
  p.source = JStr(j, "source_dir");

  // Channels, times, fees.
  p.channels_raw = JStr(j, "cach_thuc_thuc_hien");
  std::vector<RowResult> rows = ParseChannelRows(p.channels_raw, &rep.issues);
  size_t time_ok = 0, fee_ok = 0;
  const ChannelOption* headline = nullptr;
  for (const RowResult& r : rows) {
    time_ok += r.time_ok;
    fee_ok += r.fee_ok;
    if (r.time_ok && (headline == nullptr || !headline->time.structured() ||
                      (r.option.kind == ChannelKind::kInPerson &&
                       headline->kind != ChannelKind::kInPerson))) {
      headline = &r.option;
    }
    if (r.option.fee) {
      bool seen = false;
      for (const Fee& f : p.fees) {
        seen = seen || (f.amount_vnd == r.option.fee->amount_vnd && f.note == r.option.fee->note);
      }
      if (!seen) p.fees.push_back(*r.option.fee);
    }
  }
  if (headline == nullptr && !rows.empty()) headline = &rows[0].option;
  if (headline != nullptr) p.processing_time = headline->time;
  rep.time = CoverageOf(time_ok, rows.size());
  rep.fees = CoverageOf(fee_ok, rows.size());
  bool online = false;
  for (const RowResult& r : rows) {
    online = online || r.option.kind == ChannelKind::kOnline;
    p.channels.push_back(r.option);
  }
  if (!rows.empty()) p.online_level = online ? OnlineLevel::kPartial : OnlineLevel::kNone;

  // Components.
  p.components_raw = JStr(j, "thanh_phan_ho_so");
  size_t issues_before = rep.issues.size();
  p.components = ParseComponents(p.components_raw, &rep.issues);
  if (p.components.empty()) {
    rep.components = Coverage::kNone;
  } else {
    rep.components =
        rep.issues.size() == issues_before ? Coverage::kFull : Coverage::kPartial;
  }
  return p;
}

}  // namespace motcua::procedure
