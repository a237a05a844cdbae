#include "service/lodging/police_formats.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

namespace motcua::service {

namespace {

// ---- The mapping: one entry per column of the Vietnamese guests' sheet, in order (A, B, …). ----

struct Column {
  const char* heading;
  bool required;
  bool date;  // a date column: a numeric cell in a host's own file is an Excel date
  std::function<std::string(const PoliceRow&, int index)> get;
  std::function<void(PoliceRow&, const std::string&)> set;  // null: not read back
};

int LeadingCode(const std::string& cell) { return std::atoi(cell.c_str()); }

std::string Upper3(const std::string& cell) {
  std::string s = cell.substr(0, 3);
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

const std::vector<Column>& VietnameseColumns() {
  static const std::vector<Column> cols = {
      {"STT", false, false, [](const PoliceRow&, int i) { return std::to_string(i + 1); }, nullptr},
      {"HỌ TÊN (*)", true, false, [](const PoliceRow& r, int) { return r.name; },
       [](PoliceRow& r, const std::string& v) { r.name = v; }},
      {"NGÀY SINH (*)", true, true, [](const PoliceRow& r, int) { return r.birth; },
       [](PoliceRow& r, const std::string& v) { r.birth = v; }},
      {"GIỚI TÍNH (*)", true, false, [](const PoliceRow& r, int) { return SexCell(r.sex); },
       [](PoliceRow& r, const std::string& v) { r.sex = v.substr(0, 1); }},
      {"QUỐC TỊCH (*)", true, false,
       [](const PoliceRow& r, int) {
         return r.nationality == "VNM" ? std::string("VNM - Viet Nam") : r.nationality;
       },
       [](PoliceRow& r, const std::string& v) { r.nationality = Upper3(v); }},
      {"LOẠI GIẤY TỜ (*)", true, false, [](const PoliceRow& r, int) { return DocTypeCell(r.doc_type); },
       [](PoliceRow& r, const std::string& v) { r.doc_type = LeadingCode(v); }},
      {"TÊN GIẤY TỜ", false, false, [](const PoliceRow&, int) { return std::string(); }, nullptr},
      {"SỐ GIẤY TỜ (*)", true, false, [](const PoliceRow& r, int) { return r.doc_number; },
       [](PoliceRow& r, const std::string& v) { r.doc_number = v; }},
      {"SỐ ĐIỆN THOẠI", false, false, [](const PoliceRow& r, int) { return r.phone; },
       [](PoliceRow& r, const std::string& v) { r.phone = v; }},
      {"NƠI CƯ TRÚ HIỆN NAY", false, false, [](const PoliceRow&, int) { return std::string(); },
       nullptr},
      {"TỈNH/THÀNH PHỐ", false, false, [](const PoliceRow&, int) { return std::string(); }, nullptr},
      {"PHƯỜNG/XÃ/ĐẶC KHU", false, false, [](const PoliceRow&, int) { return std::string(); },
       nullptr},
      {"ĐỊA CHỈ CHI TIẾT", false, false, [](const PoliceRow& r, int) { return r.address; },
       [](PoliceRow& r, const std::string& v) { r.address = v; }},
      {"NGÀY ĐẾN (*)", true, true, [](const PoliceRow& r, int) { return r.arrival; },
       [](PoliceRow& r, const std::string& v) { r.arrival = v; }},
      {"NGÀY ĐI DỰ KIẾN (*)", true, true, [](const PoliceRow& r, int) { return r.departure; },
       [](PoliceRow& r, const std::string& v) { r.departure = v; }},
      {"SỐ PHÒNG/KHOA", false, false, [](const PoliceRow& r, int) { return r.room; },
       [](PoliceRow& r, const std::string& v) { r.room = v; }},
      {"LÝ DO CƯ TRÚ (*)", true, false, [](const PoliceRow& r, int) { return ReasonCell(r.reason); },
       [](PoliceRow& r, const std::string& v) { r.reason = LeadingCode(v); }},
      {"NHẬP LÝ DO", false, false, [](const PoliceRow&, int) { return std::string(); }, nullptr},
      {"GHI CHÚ", false, false, [](const PoliceRow& r, int) { return r.note; },
       [](PoliceRow& r, const std::string& v) { r.note = v; }},
  };
  return cols;
}

// The example row (row 4) of the template.
PoliceRow ExampleRow() {
  PoliceRow r;
  r.name = "NGUYỄN VĂN A";
  r.birth = "01/01/1990";
  r.sex = "M";
  r.nationality = "VNM";
  r.doc_type = 8;
  r.doc_number = "001090000001";
  r.arrival = "01/01/2026";
  r.departure = "02/01/2026";
  r.room = "101";
  r.reason = 1;
  r.note = "Dòng mẫu: không nhập";
  return r;
}

// ---- The foreign guests' XML: child elements of <THONG_TIN_KHACH>, in order. ----

struct Element {
  const char* name;
  bool optional;  // written only when not empty
  std::function<std::string(const PoliceRow&, int index)> get;
  std::function<void(PoliceRow&, const std::string&)> set;
};

const std::vector<Element>& ForeignElements() {
  static const std::vector<Element> els = {
      {"so_thu_tu", false, [](const PoliceRow&, int i) { return std::to_string(i + 1); }, nullptr},
      {"ho_ten", false, [](const PoliceRow& r, int) { return r.name; },
       [](PoliceRow& r, const std::string& v) { r.name = v; }},
      {"ngay_sinh", false, [](const PoliceRow& r, int) { return r.birth; },
       [](PoliceRow& r, const std::string& v) { r.birth = v; }},
      {"ngay_sinh_dung_den", false, [](const PoliceRow&, int) { return std::string("D"); }, nullptr},
      {"gioi_tinh", false, [](const PoliceRow& r, int) { return r.sex; },
       [](PoliceRow& r, const std::string& v) { r.sex = v; }},
      {"ma_quoc_tich", false, [](const PoliceRow& r, int) { return r.nationality; },
       [](PoliceRow& r, const std::string& v) { r.nationality = v; }},
      {"so_ho_chieu", false, [](const PoliceRow& r, int) { return r.doc_number; },
       [](PoliceRow& r, const std::string& v) { r.doc_number = v; }},
      {"so_phong", false, [](const PoliceRow& r, int) { return r.room; },
       [](PoliceRow& r, const std::string& v) { r.room = v; }},
      {"ngay_den", false, [](const PoliceRow& r, int) { return r.arrival; },
       [](PoliceRow& r, const std::string& v) { r.arrival = v; }},
      {"ngay_di_du_kien", false, [](const PoliceRow& r, int) { return r.departure; },
       [](PoliceRow& r, const std::string& v) { r.departure = v; }},
      {"ngay_tra_phong", true, [](const PoliceRow& r, int) { return r.checked_out; },
       [](PoliceRow& r, const std::string& v) { r.checked_out = v; }},
      {"thoi_han_tam_tru", false, [](const PoliceRow& r, int) { return r.permitted_until; },
       [](PoliceRow& r, const std::string& v) { r.permitted_until = v; }},
  };
  return els;
}

// ---- Reading helpers ----

constexpr zip_uint64_t kMaxEntryBytes = 64u << 20;  // a zip entry larger than this is refused

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

// Returns the entry `name` of the archive, or nullopt when it is missing or too large.
std::optional<std::string> ReadEntry(zip_t* z, const std::string& name) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z, name.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
      st.size > kMaxEntryBytes) {
    return std::nullopt;
  }
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  if (!f) return std::nullopt;
  std::string out(st.size, '\0');
  zip_int64_t n = zip_fread(f, out.data(), st.size);
  zip_fclose(f);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) return std::nullopt;
  return out;
}

// Parses XML without network access, DTD loading or entity expansion.
DocPtr ParseXml(std::string_view bytes) {
  if (bytes.size() > kMaxEntryBytes) return nullptr;
  return DocPtr(xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, "UTF-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

bool Named(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

std::string Text(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return s;
}

std::string Attr(const xmlNode* n, const char* name) {
  xmlChar* c = xmlGetProp(n, BAD_CAST name);
  std::string s = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return s;
}

// Like Attr, for a namespaced attribute (r:id) matched by local name.
std::string AttrLocal(const xmlNode* n, const char* local) {
  for (const xmlAttr* a = n->properties; a; a = a->next) {
    if (xmlStrcmp(a->name, BAD_CAST local) == 0 && a->children) {
      return reinterpret_cast<const char*>(a->children->content);
    }
  }
  return "";
}

template <typename F>
void ForEachDescendant(xmlNode* n, const char* name, F&& f) {
  for (xmlNode* c = n ? n->children : nullptr; c; c = c->next) {
    if (Named(c, name)) f(c);
    else ForEachDescendant(c, name, f);
  }
}

std::string Trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

// "B5" → column index 1 and row 5.
bool CellRef(const std::string& ref, int* col, int* row) {
  size_t i = 0;
  int c = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') c = c * 26 + (ref[i++] - 'A' + 1);
  if (c == 0 || i == ref.size()) return false;
  *col = c - 1;
  *row = std::atoi(ref.c_str() + i);
  return *row > 0;
}

// An Excel date serial (days since 1899-12-30) as dd/MM/yyyy.
std::string SerialDate(double serial) {
  using namespace std::chrono;
  const sys_days d = sys_days{year{1899} / December / 30} + days{static_cast<int>(serial)};
  const year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
  return buf;
}

// Resolves a relationship target of xl/workbook.xml to a path inside the archive.
std::string SheetPath(const std::string& target) {
  if (target.starts_with("/")) return target.substr(1);
  return "xl/" + target;
}

}  // namespace

std::vector<std::string> ForeignGuestElements() {
  std::vector<std::string> out;
  for (const Element& e : ForeignElements()) out.emplace_back(e.name);
  return out;
}

std::string ReasonCell(int code) {
  static const std::map<int, std::string> labels = {{1, "1 - Du lịch"},
                                                    {2, "2 - Công tác"},
                                                    {3, "3 - Học tập"},
                                                    {19, "19 - Lao động"},
                                                    {20, "20 - Mục đích khác"}};
  auto it = labels.find(code);
  return it == labels.end() ? "" : it->second;
}

std::string DocTypeCell(int code) {
  static const std::map<int, std::string> labels = {
      {1, "1 - Thẻ CCCD"}, {8, "8 - Thẻ Căn Cước"}, {9, "9 - Giấy Tờ Khác"}};
  auto it = labels.find(code);
  return it == labels.end() ? "" : it->second;
}

std::string SexCell(const std::string& sex) {
  if (sex == "M") return "M - Nam";
  if (sex == "F") return "F - Nữ";
  return "";
}

Result<std::string> WriteVietnameseXlsx(const std::vector<PoliceRow>& rows) {
  char path[] = "/tmp/motcua-lodging-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return Status::Internal("lodging: cannot create a temporary file for the XLSX");
  close(fd);
  struct Unlink {
    const char* p;
    ~Unlink() { unlink(p); }
  } unlink_later{path};

  lxw_workbook* wb = workbook_new(path);
  if (!wb) return Status::Internal("lodging: cannot start the XLSX workbook");
  lxw_worksheet* ws = workbook_add_worksheet(wb, kVietnameseSheet);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");  // text cells: ID numbers keep their leading zeros
  const auto& cols = VietnameseColumns();
  worksheet_write_string(ws, 0, 0, "DANH SÁCH KHÁCH VIỆT NAM LƯU TRÚ", bold);
  worksheet_write_string(ws, 1, 0, "Các cột có dấu (*) là bắt buộc; dữ liệu từ dòng 5.", nullptr);
  for (size_t c = 0; c < cols.size(); ++c) {
    worksheet_write_string(ws, 2, static_cast<lxw_col_t>(c), cols[c].heading, bold);
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), 16, text);
  }
  auto write_row = [&](lxw_row_t r, const PoliceRow& row, int index) {
    for (size_t c = 0; c < cols.size(); ++c) {
      const std::string v = cols[c].get(row, index);
      if (!v.empty()) worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), v.c_str(), text);
    }
  };
  write_row(3, ExampleRow(), 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    write_row(static_cast<lxw_row_t>(kVietnameseFirstRow - 1 + i), rows[i], static_cast<int>(i));
  }
  if (workbook_close(wb) != LXW_NO_ERROR) {
    return Status::Internal("lodging: cannot write the XLSX workbook");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return Status::Internal("lodging: cannot read back the XLSX workbook");
  return bytes.str();
}

Result<std::vector<PoliceRow>> ReadVietnameseXlsx(std::string_view bytes) {
  const Status not_xlsx = Status::InvalidArgument(
      "the file is not an XLSX workbook (save it from Excel or LibreOffice as .xlsx)");
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) return not_xlsx;
  std::unique_ptr<zip_t, ZipCloser> z(zip_open_from_source(src, ZIP_RDONLY, &err));
  if (!z) {
    zip_source_free(src);
    return not_xlsx;
  }
  // Shared strings.
  std::vector<std::string> shared;
  if (auto ss = ReadEntry(z.get(), "xl/sharedStrings.xml")) {
    DocPtr doc = ParseXml(*ss);
    if (!doc) return not_xlsx;
    ForEachDescendant(xmlDocGetRootElement(doc.get()), "si", [&](xmlNode* si) {
      std::string s;
      ForEachDescendant(si, "t", [&](xmlNode* t) { s += Text(t); });
      shared.push_back(s);
    });
  }
  // The sheet: the template's by name, else the first.
  std::string sheet_path = "xl/worksheets/sheet1.xml";
  if (auto wbx = ReadEntry(z.get(), "xl/workbook.xml")) {
    DocPtr wb = ParseXml(*wbx);
    if (!wb) return not_xlsx;
    std::string first_rid, named_rid;
    ForEachDescendant(xmlDocGetRootElement(wb.get()), "sheet", [&](xmlNode* s) {
      const std::string rid = AttrLocal(s, "id");
      if (first_rid.empty()) first_rid = rid;
      if (Attr(s, "name") == kVietnameseSheet) named_rid = rid;
    });
    const std::string rid = named_rid.empty() ? first_rid : named_rid;
    if (auto rels = ReadEntry(z.get(), "xl/_rels/workbook.xml.rels"); rels && !rid.empty()) {
      DocPtr r = ParseXml(*rels);
      if (r) {
        ForEachDescendant(xmlDocGetRootElement(r.get()), "Relationship", [&](xmlNode* rel) {
          if (Attr(rel, "Id") == rid) sheet_path = SheetPath(Attr(rel, "Target"));
        });
      }
    }
  }
  auto sheet = ReadEntry(z.get(), sheet_path);
  if (!sheet) return not_xlsx;
  DocPtr doc = ParseXml(*sheet);
  if (!doc) return not_xlsx;

  const auto& cols = VietnameseColumns();
  std::map<int, PoliceRow> by_row;
  Status bad = Status::Ok();
  ForEachDescendant(xmlDocGetRootElement(doc.get()), "c", [&](xmlNode* c) {
    int col = 0, row = 0;
    if (!CellRef(Attr(c, "r"), &col, &row) || row < kVietnameseFirstRow ||
        col >= static_cast<int>(cols.size()) || !cols[col].set) {
      return;
    }
    const std::string type = Attr(c, "t");
    std::string value;
    if (type == "inlineStr") {
      ForEachDescendant(c, "t", [&](xmlNode* t) { value += Text(t); });
    } else {
      std::string v;
      ForEachDescendant(c, "v", [&](xmlNode* n) { v = Text(n); });
      if (type == "s") {
        const size_t i = static_cast<size_t>(std::atol(v.c_str()));
        if (i < shared.size()) value = shared[i];
      } else if (type.empty() || type == "n") {
        // A number: an Excel date in a date column, else its digits (an ID number typed as a
        // number lost its leading zeros; Validate refuses it if it is not 12 digits).
        value = cols[col].date && !v.empty() ? SerialDate(std::atof(v.c_str())) : v;
      } else {
        value = v;  // "str" (formula result), "b"
      }
    }
    value = Trim(value);
    if (!value.empty()) cols[col].set(by_row[row], value);
  });
  std::vector<PoliceRow> out;
  for (auto& entry : by_row) {
    if (!entry.second.name.empty()) out.push_back(std::move(entry.second));
  }
  return out;
}

std::string WriteForeignXml(const std::vector<PoliceRow>& rows) {
  DocPtr doc(xmlNewDoc(BAD_CAST "1.0"));
  xmlNode* root = xmlNewNode(nullptr, BAD_CAST kForeignRoot);
  xmlDocSetRootElement(doc.get(), root);
  for (size_t i = 0; i < rows.size(); ++i) {
    xmlNode* g = xmlNewChild(root, nullptr, BAD_CAST kForeignGuest, nullptr);
    for (const Element& e : ForeignElements()) {
      const std::string v = e.get(rows[i], static_cast<int>(i));
      if (e.optional && v.empty()) continue;
      xmlNewTextChild(g, nullptr, BAD_CAST e.name, BAD_CAST v.c_str());  // escapes the text
    }
  }
  xmlChar* mem = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc.get(), &mem, &size, "UTF-8", 1);
  std::string out(reinterpret_cast<const char*>(mem), static_cast<size_t>(size));
  xmlFree(mem);
  return out;
}

Result<std::vector<PoliceRow>> ReadForeignXml(std::string_view bytes) {
  DocPtr doc = ParseXml(bytes);
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (!root || !Named(root, kForeignRoot)) {
    return Status::InvalidArgument(std::string("the file is not a <") + kForeignRoot +
                                   "> declaration");
  }
  std::vector<PoliceRow> out;
  for (xmlNode* g = root->children; g; g = g->next) {
    if (!Named(g, kForeignGuest)) continue;
    PoliceRow row;
    for (xmlNode* f = g->children; f; f = f->next) {
      if (f->type != XML_ELEMENT_NODE) continue;
      for (const Element& e : ForeignElements()) {
        if (e.set && Named(f, e.name)) e.set(row, Trim(Text(f)));
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace motcua::service
