#include "render/forms.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <new>
#include <utility>

#include "base/civil_time.h"
#include "base/env.h"
#include "render/qr.h"

namespace motcua::render {

namespace {

constexpr double kPageW = 595.0;  // A4 portrait in points
constexpr double kPageH = 842.0;
constexpr double kMargin = 56.0;
constexpr double kLandscapeMargin = 36.0;  // the wide log needs the room
constexpr double kQrSize = 90.0;
constexpr double kCellPad = 3.0;     // inside a table cell
constexpr double kClosingGap = 8.0;  // between a table and the text below it
// Font sizes are at pango's default 96 dpi, so they print a third larger: 10.5 prints 14 pt, the
// body size of Vietnamese administrative documents (Decree 30/2020 Annex I: 13–14 pt); 7 in a
// table cell prints 9.3 pt. The face is Liberation Serif (Debian fonts-liberation2), metric-
// compatible with the Times New Roman the decree's samples use; its glyphs cover Vietnamese, and
// cairo embeds it as a subset with its ToUnicode map, so pdftotext reads the diacritics back.
#define MOTCUA_FORM_FACE "Liberation Serif"
constexpr const char* kLineFont = MOTCUA_FORM_FACE " 10.5";
constexpr const char* kBoldFont = MOTCUA_FORM_FACE " Bold 10.5";
constexpr const char* kNoteFont = MOTCUA_FORM_FACE " Italic 9.5";
constexpr const char* kHeadFont = MOTCUA_FORM_FACE " 9";  // the issuing body, national name: 12 pt
constexpr const char* kHeadBoldFont = MOTCUA_FORM_FACE " Bold 9";
constexpr const char* kMottoFont = MOTCUA_FORM_FACE " Bold 9.75";  // the motto: 13 pt
constexpr const char* kTitleFont = MOTCUA_FORM_FACE " Bold 11";
constexpr const char* kCentredFont = MOTCUA_FORM_FACE " Italic 10.5";
constexpr const char* kFootFont = MOTCUA_FORM_FACE " 8";

// One piece of a form, top to bottom.
struct Block {
  // kSignatures: the signature blocks side by side (one sits in the right half); kQr: the lookup
  // QR code at the left with `text` beside it; kNote: a small italic line.
  enum Kind { kCentred, kTitle, kLine, kItem, kSignatures, kQr, kNote } kind;
  std::string text;
  std::vector<Signature> signatures = {};
};

enum class Orientation { kPortrait, kLandscape };

// One PDF of A4 pages being drawn in memory; Finish returns its bytes.
class Page {
 public:
  // `form` names the form in error messages ("Mẫu 01").
  explicit Page(std::string form, Orientation o = Orientation::kPortrait)
      : y_(MarginFor(o)),
        form_(std::move(form)),
        width_(o == Orientation::kPortrait ? kPageW : kPageH),
        height_(o == Orientation::kPortrait ? kPageH : kPageW),
        margin_(MarginFor(o)),
        surface_(cairo_pdf_surface_create_for_stream(&Page::Append, &bytes_, width_, height_)),
        cr_(cairo_create(surface_)) {}
  ~Page() {
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
  }
  Page(const Page&) = delete;
  Page& operator=(const Page&) = delete;

  double width() const { return width_; }
  double height() const { return height_; }
  double margin() const { return margin_; }

  // Returns the height of `text` in `font` wrapped to `width`.
  double Measure(const std::string& text, const char* font, double width) {
    return Height(*Layout(text, font, PANGO_ALIGN_LEFT, width));
  }

  // Returns the width of the widest line of `text` in `font`, unwrapped.
  double LineWidth(const std::string& text, const char* font) {
    auto layout = Layout(text, font, PANGO_ALIGN_LEFT, -1);
    int w = 0, h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    return static_cast<double>(w) / PANGO_SCALE;
  }

  // Strokes a horizontal rule of `w` points centred on `cx` at height `y`.
  void Rule(double cx, double y, double w) {
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_set_line_width(cr_, 0.6);
    cairo_move_to(cr_, cx - w / 2, y);
    cairo_line_to(cr_, cx + w / 2, y);
    cairo_stroke(cr_);
  }

  // Draws `text` with its top left corner at (x, y), wrapped to `width`; returns its height.
  double TextAt(const std::string& text, const char* font, PangoAlignment align, double x, double y,
                double width) {
    auto layout = Layout(text, font, align, width);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout.get());
    return Height(*layout);
  }

  // Draws `text` at the cursor, wrapped to `width`, and moves the cursor below it.
  void Text(const std::string& text, const char* font, PangoAlignment align, double x, double width,
            double gap_after) {
    y_ += TextAt(text, font, align, x, y_, width) + gap_after;
  }

  // Strokes a thin rectangle (a table cell).
  void Box(double x, double y, double w, double h) {
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_set_line_width(cr_, 0.5);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_stroke(cr_);
  }

  // Draws the QR code of `url` as vector squares with its top left corner at (x0, y0).
  void Qr(const std::string& url, double x0, double y0) {
    auto m = EncodeQr(url);
    if (!m.ok() || m->size == 0) return;
    const double module = kQrSize / m->size;
    cairo_set_source_rgb(cr_, 0, 0, 0);
    for (int y = 0; y < m->size; ++y) {
      for (int x = 0; x < m->size; ++x) {
        if (m->At(x, y)) cairo_rectangle(cr_, x0 + x * module, y0 + y * module, module, module);
      }
    }
    cairo_fill(cr_);
  }

  // Ends the page and starts the next one with the cursor at the top margin.
  void NextPage() {
    cairo_show_page(cr_);
    y_ = margin();
  }

  // Ends the last page and returns the PDF; Internal when cairo failed at any point.
  Result<std::string> Finish() {
    cairo_show_page(cr_);
    cairo_surface_finish(surface_);
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
      return Status::Internal("render: cannot draw " + form_ + ": " +
                              cairo_status_to_string(cairo_surface_status(surface_)));
    }
    return std::move(bytes_);
  }

  double y_;  // the cursor: where the next text goes

 private:
  static double MarginFor(Orientation o) {
    return o == Orientation::kPortrait ? kMargin : kLandscapeMargin;
  }

  struct Unref {
    void operator()(PangoLayout* layout) const { g_object_unref(layout); }
  };
  using LayoutPtr = std::unique_ptr<PangoLayout, Unref>;

  // Returns `text` laid out in `font`, wrapped to `width` (between words, inside a word only when
  // it is longer than the line, so nothing is ever cut).
  LayoutPtr Layout(const std::string& text, const char* font, PangoAlignment align, double width) {
    LayoutPtr layout(pango_cairo_create_layout(cr_));
    PangoFontDescription* desc = pango_font_description_from_string(font);
    pango_layout_set_font_description(layout.get(), desc);
    pango_font_description_free(desc);
    pango_layout_set_width(layout.get(), width < 0 ? -1 : static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_text(layout.get(), text.c_str(), -1);
    return layout;
  }

  static double Height(PangoLayout& layout) {
    int w = 0, h = 0;
    pango_layout_get_size(&layout, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  // cairo's write callback: appends a chunk of the PDF (no exception may cross into cairo).
  static cairo_status_t Append(void* bytes, const unsigned char* data, unsigned int length) {
    try {
      static_cast<std::string*>(bytes)->append(reinterpret_cast<const char*>(data), length);
      return CAIRO_STATUS_SUCCESS;
    } catch (const std::bad_alloc&) {
      return CAIRO_STATUS_NO_MEMORY;
    }
  }

  const std::string form_;
  const double width_, height_, margin_;
  std::string bytes_;  // declared before surface_: the surface writes into it until Finish
  cairo_surface_t* surface_;
  cairo_t* cr_;
};

std::string Date(int64_t ms) { return FormatDateVn(ToVietnam(ms).date); }

// Returns "05/12/2026" (Vietnam time), or "" for 0 (not happened yet).
std::string DateCell(int64_t ms) { return ms == 0 ? "" : Date(ms); }

// Returns "10:30 05/12/2026" (Vietnam time), or "" for 0 (not happened yet).
std::string ShortTime(int64_t ms) {
  if (ms == 0) return "";
  LocalDateTime t = ToVietnam(ms);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d ", t.minute_of_day / 60, t.minute_of_day % 60);
  return buf + FormatDateVn(t.date);
}

// Draws the shared header and leaves the cursor below it: on the left the issuing body over the
// unit (bold) with a short rule under it and the number; on the right the national name, the
// motto with a rule as long as it, and the place and date (Decree 30/2020 Annex I).
void DrawHeader(Page& p, const FormHeader& h) {
  const double full = p.width() - 2 * p.margin();
  // The national name stays on one line; the left column takes the rest.
  const std::string nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
  const double right_w = std::max(full * 0.55, p.LineWidth(nation, kHeadBoldFont) + 4);
  const double left_w = full - right_w - 12;
  const double right_x = p.margin() + left_w + 12;
  const double left_cx = p.margin() + left_w / 2;
  const double right_cx = right_x + right_w / 2;
  const double top = p.y_;
  if (!h.managing_body.empty())
    p.Text(h.managing_body, kHeadFont, PANGO_ALIGN_CENTER, p.margin(), left_w, 0);
  p.Text(h.unit_name, kHeadBoldFont, PANGO_ALIGN_CENTER, p.margin(), left_w, 2);
  const std::string last_line = h.unit_name.substr(h.unit_name.rfind('\n') + 1);
  p.Rule(left_cx, p.y_, std::min(left_w, p.LineWidth(last_line, kHeadBoldFont)) / 3);
  p.y_ += 6;
  if (!h.document_number.empty())
    p.Text("Số: " + h.document_number, kHeadFont, PANGO_ALIGN_CENTER, p.margin(), left_w, 0);
  const double after_left = p.y_;
  p.y_ = top;
  p.Text(nation, kHeadBoldFont, PANGO_ALIGN_CENTER, right_x, right_w, 0);
  const std::string motto = "Độc lập - Tự do - Hạnh phúc";
  p.Text(motto, kMottoFont, PANGO_ALIGN_CENTER, right_x, right_w, 2);
  p.Rule(right_cx, p.y_, p.LineWidth(motto, kMottoFont));
  p.y_ += 8;
  if (h.issued_at != 0) {
    p.Text((h.place.empty() ? "" : h.place + ", ") + FormatFormDate(h.issued_at),
           MOTCUA_FORM_FACE " Italic 10.5", PANGO_ALIGN_CENTER, right_x, right_w, 0);
  }
  p.y_ = std::max(p.y_, after_left) + 20;
}

// Draws signature blocks side by side from the cursor down (a single one in the right half, two
// in the two halves) and moves the cursor below the tallest.
void DrawSignatures(Page& p, const std::vector<Signature>& sigs) {
  if (sigs.empty()) return;
  const double full = p.width() - 2 * p.margin();
  const size_t n = sigs.size();
  const double w = n == 1 ? full / 2 : full / static_cast<double>(n);
  double bottom = p.y_;
  for (size_t i = 0; i < n; ++i) {
    const Signature& s = sigs[i];
    const double x = p.margin() + (n == 1 ? full / 2 : w * static_cast<double>(i));
    double y = p.y_;
    y += p.TextAt(s.heading, kBoldFont, PANGO_ALIGN_CENTER, x, y, w) + 1;
    if (!s.how.empty()) y += p.TextAt(s.how, kNoteFont, PANGO_ALIGN_CENTER, x, y, w);
    y += 52;  // room to sign by hand
    if (!s.name.empty()) y += p.TextAt(s.name, kBoldFont, PANGO_ALIGN_CENTER, x, y, w);
    if (!s.title.empty()) y += p.TextAt(s.title, kNoteFont, PANGO_ALIGN_CENTER, x, y, w);
    bottom = std::max(bottom, y);
  }
  p.y_ = bottom + 6;
}

// Draws `blocks` from the cursor down; the QR code of `qr_url` (if any) sits where kQr is.
void DrawBlocks(Page& p, const std::vector<Block>& blocks, const std::string& qr_url) {
  const double x = p.margin();
  const double full = p.width() - 2 * p.margin();
  for (const Block& b : blocks) {
    switch (b.kind) {
      case Block::kTitle:
        p.Text(b.text, kTitleFont, PANGO_ALIGN_CENTER, x, full, 10);
        break;
      case Block::kCentred:
        p.Text(b.text, kCentredFont, PANGO_ALIGN_CENTER, x, full, 8);
        break;
      case Block::kLine:
        p.Text(b.text, kLineFont, PANGO_ALIGN_LEFT, x, full, 4);
        break;
      case Block::kItem:
        p.Text(b.text, kLineFont, PANGO_ALIGN_LEFT, x + 18, full - 18, 3);
        break;
      case Block::kNote:
        p.Text(b.text, kNoteFont, PANGO_ALIGN_LEFT, x, full, 4);
        break;
      case Block::kQr: {
        // The lookup QR code (vector squares, scannable when printed) with its text beside it.
        const double top = p.y_ + 4;
        if (!qr_url.empty()) p.Qr(qr_url, x, top);
        const double text_x = qr_url.empty() ? x : x + kQrSize + 12;
        const double h = p.TextAt(b.text, kNoteFont, PANGO_ALIGN_LEFT, text_x, top + 8,
                                  full - (text_x - x));
        p.y_ = top + std::max(qr_url.empty() ? 0.0 : kQrSize, h + 8) + 6;
        break;
      }
      case Block::kSignatures:
        p.y_ += 10;
        DrawSignatures(p, b.signatures);
        break;
    }
  }
}

// Renders a one-page form: the header, then `blocks`.
Result<std::string> Draw(const std::string& form, const FormHeader& h, const std::string& qr_url,
                         const std::vector<Block>& blocks) {
  Page p(form);
  DrawHeader(p, h);
  DrawBlocks(p, blocks, qr_url);
  return p.Finish();
}

// A table column: its heading, its share of the table width in percent, how its cells align.
struct Column {
  const char* heading;
  double share;
  PangoAlignment align = PANGO_ALIGN_LEFT;
};

struct TableStyle {
  const char* font;          // cells
  const char* heading_font;  // the heading row
  double min_row_height;     // room to sign in, where a column is for signatures
};

// Draws one row of `h` points at the cursor, every cell boxed, and moves the cursor below it.
void DrawRow(Page& p, const std::vector<double>& widths, const std::vector<PangoAlignment>& aligns,
             const std::vector<std::string>& cells, const char* font, double h) {
  double x = p.margin();
  for (size_t c = 0; c < widths.size(); ++c) {
    p.Box(x, p.y_, widths[c], h);
    p.TextAt(cells[c], font, aligns[c], x + kCellPad, p.y_ + kCellPad, widths[c] - 2 * kCellPad);
    x += widths[c];
  }
  p.y_ += h;
}

// Draws "Trang i/n" centred in the bottom margin.
void Foot(Page& p, int page, int pages) {
  p.TextAt("Trang " + std::to_string(page) + "/" + std::to_string(pages), kFootFont,
           PANGO_ALIGN_CENTER, p.margin(), p.height() - p.margin() + 12,
           p.width() - 2 * p.margin());
}

// Draws `rows` (one string per column) as a bordered table from the cursor down, then `closing`
// (may be empty) below it. A row that would cross the bottom margin starts the next page, where
// the heading row is repeated; a row is never split, so one taller than a whole page (thousands of
// characters in a cell) runs into the margin. The closing text gets a page of its own when it
// does not fit. Every page gets "Trang i/n" at its foot, so the table should be the last thing
// drawn before Finish.
void Table(Page& p, const std::vector<Column>& cols,
           const std::vector<std::vector<std::string>>& rows, const TableStyle& style,
           const std::string& closing) {
  const double full = p.width() - 2 * p.margin();
  const double bottom = p.height() - p.margin();
  std::vector<double> widths;
  std::vector<std::string> headings;
  std::vector<PangoAlignment> aligns;
  for (const Column& c : cols) {
    widths.push_back(full * c.share / 100);
    headings.emplace_back(c.heading);
    aligns.push_back(c.align);
  }
  const std::vector<PangoAlignment> centred(cols.size(), PANGO_ALIGN_CENTER);
  auto row_height = [&](const std::vector<std::string>& cells, const char* font) {
    double h = style.min_row_height;
    for (size_t c = 0; c < cols.size(); ++c) {
      h = std::max(h, p.Measure(cells[c], font, widths[c] - 2 * kCellPad) + 2 * kCellPad);
    }
    return h;
  };
  const double heading_h = row_height(headings, style.heading_font);
  std::vector<double> heights;
  for (const auto& r : rows) heights.push_back(row_height(r, style.font));
  const double closing_h = closing.empty() ? 0 : kClosingGap + p.Measure(closing, kNoteFont, full);

  // Plan the page breaks before drawing, so that every foot can give the number of pages.
  const double fresh = p.margin() + heading_h;  // the cursor below the headings of a new page
  std::vector<size_t> breaks;                   // the rows that start a new page
  double y = p.y_ + heading_h;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (y + heights[i] > bottom && y > fresh) {
      breaks.push_back(i);
      y = fresh;
    }
    y += heights[i];
  }
  const bool closing_alone = closing_h > 0 && y + closing_h > bottom;
  const int pages = 1 + static_cast<int>(breaks.size()) + (closing_alone ? 1 : 0);

  int page = 1;
  auto turn = [&] {
    Foot(p, page++, pages);
    p.NextPage();
  };
  DrawRow(p, widths, centred, headings, style.heading_font, heading_h);
  auto next_break = breaks.begin();
  for (size_t i = 0; i < rows.size(); ++i) {
    if (next_break != breaks.end() && *next_break == i) {
      ++next_break;
      turn();
      DrawRow(p, widths, centred, headings, style.heading_font, heading_h);
    }
    DrawRow(p, widths, aligns, rows[i], style.font, heights[i]);
  }
  if (closing_alone) turn();
  if (!closing.empty()) {
    p.y_ += kClosingGap;
    p.Text(closing, kNoteFont, PANGO_ALIGN_LEFT, p.margin(), full, 0);
  }
  Foot(p, page, pages);
}

// Writes a rendered form to `path` (atomically: a reader never sees half a PDF).
Status WriteForm(const Result<std::string>& pdf, const std::string& path) {
  if (!pdf.ok()) return pdf.status();
  Status s = Env::Default().WriteFileAtomic(path, *pdf);
  if (!s.ok()) return s.WithPrefix("render: cannot write the form " + path);
  return s;
}

void Numbered(std::vector<Block>& out, const std::vector<std::string>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    out.push_back({Block::kItem, std::to_string(i + 1) + ". " + items[i]});
  }
}

// Appends the lines naming a person or organisation (`named`: with the name line first).
void PersonLines(std::vector<Block>& out, const Person& a, bool named = true) {
  if (named) out.push_back({Block::kLine, "Tên tổ chức, cá nhân: " + a.full_name});
  if (!a.id_number.empty())
    out.push_back({Block::kLine, "Số định danh cá nhân/tổ chức: " + a.id_number});
  if (!a.address.empty()) out.push_back({Block::kLine, "Địa chỉ: " + a.address});
  std::string contact;
  if (!a.phone.empty()) contact += "Số điện thoại: " + a.phone;
  if (!a.email.empty()) contact += (contact.empty() ? "" : "; ") + std::string("Email: ") + a.email;
  if (!contact.empty()) out.push_back({Block::kLine, contact});
}

}  // namespace

std::string FormatFormTime(int64_t instant_ms) {
  LocalDateTime t = ToVietnam(instant_ms);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02d giờ %02d phút, ngày ", t.minute_of_day / 60,
                t.minute_of_day % 60);
  return buf + FormatDateVn(t.date);
}

std::string FormatFormDate(int64_t instant_ms) {
  const auto d = ToVietnam(instant_ms).date;
  char buf[48];
  std::snprintf(buf, sizeof buf, "ngày %02u tháng %02u năm %d", static_cast<unsigned>(d.day()),
                static_cast<unsigned>(d.month()), static_cast<int>(d.year()));
  return buf;
}

namespace {

// The appointment line: the time, or the text said instead (the clock is paused).
std::string DueLine(const std::optional<int64_t>& due, const std::string& text) {
  if (due && *due != 0) return FormatFormTime(*due);
  return text.empty() ? "…" : text;
}

}  // namespace

Result<std::string> RenderReceiptPdf(const ReceiptForm& f) {
  std::vector<Block> b;
  b.push_back({Block::kTitle, f.title});
  b.push_back({Block::kCentred, "Mã hồ sơ: " + f.dossier_code});
  b.push_back({Block::kLine, f.header.body_name + " tiếp nhận hồ sơ của:"});
  PersonLines(b, f.applicant);
  if (f.representative) {
    const Person& r = *f.representative;
    b.push_back({Block::kLine, "Người được ủy quyền nộp hồ sơ: " + r.full_name});
    PersonLines(b, r, /*named=*/false);
    if (!f.authorisation.empty()) b.push_back({Block::kLine, "Văn bản ủy quyền: " + f.authorisation});
  }
  b.push_back({Block::kLine, "Nội dung yêu cầu giải quyết: " + f.procedure});
  b.push_back({Block::kLine, "1. Thành phần hồ sơ nộp gồm:"});
  for (const auto& c : f.components) b.push_back({Block::kItem, "- " + c});
  if (!f.to_bring.empty()) {
    b.push_back({Block::kLine, "Bạn cần mang đến quầy (bản giấy):"});
    for (const auto& c : f.to_bring) b.push_back({Block::kItem, "- " + c});
  }
  b.push_back({Block::kLine, "2. Số lượng hồ sơ: " + std::to_string(f.sets) + " (bộ)"});
  b.push_back({Block::kLine, "3. Thời gian giải quyết hồ sơ theo quy định là: " + f.legal_limit});
  b.push_back({Block::kLine, "4. Thời gian nhận hồ sơ: " + FormatFormTime(f.received_at)});
  b.push_back({Block::kLine, "5. Thời gian trả kết quả giải quyết hồ sơ: " +
                                 DueLine(f.due_at, f.due_text)});
  b.push_back({Block::kLine, "6. Đăng ký nhận kết quả tại: " + f.return_place});
  if (f.log_serial > 0) {
    b.push_back({Block::kLine, "Vào Sổ theo dõi hồ sơ, Quyển số " + f.log_book +
                                   ", Số thứ tự " + std::to_string(f.log_serial)});
  }
  b.push_back({Block::kQr, "Tra cứu tình trạng hồ sơ: " + f.lookup_url});
  b.push_back({Block::kSignatures, "", {f.applicant_signature, f.officer}});
  return Draw("Mẫu 01", f.header, f.lookup_url, b);
}

Result<std::string> RenderSupplementationPdf(const SupplementationForm& f) {
  std::vector<Block> b;
  b.push_back({Block::kTitle, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"});
  if (!f.dossier_code.empty()) b.push_back({Block::kCentred, "Mã hồ sơ: " + f.dossier_code});
  b.push_back({Block::kLine, "Hồ sơ của: " + f.applicant.full_name});
  b.push_back({Block::kLine, "Nội dung yêu cầu giải quyết: " + f.procedure});
  PersonLines(b, f.applicant, /*named=*/false);
  b.push_back({Block::kLine, "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:"});
  Numbered(b, f.items);
  if (!f.reason.empty()) b.push_back({Block::kLine, "Lý do: " + f.reason});
  b.push_back({Block::kLine, "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ " +
                                 f.contact + " để được hướng dẫn."});
  b.push_back({Block::kSignatures, "", {f.officer}});
  return Draw("Mẫu 02", f.header, "", b);
}

Result<std::string> RenderRefusalPdf(const RefusalForm& f) {
  std::vector<Block> b;
  b.push_back({Block::kTitle, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"});
  if (!f.dossier_code.empty()) b.push_back({Block::kCentred, "Mã hồ sơ: " + f.dossier_code});
  b.push_back({Block::kLine, f.header.body_name + " tiếp nhận hồ sơ của:"});
  PersonLines(b, f.applicant);
  b.push_back({Block::kLine, "Nội dung yêu cầu giải quyết: " + f.procedure});
  b.push_back({Block::kLine,
               "Qua xem xét, cơ quan, đơn vị từ chối tiếp nhận, giải quyết hồ sơ với lý do cụ thể "
               "như sau:"});
  Numbered(b, f.reasons);
  b.push_back({Block::kLine, "Xin thông báo để ông/bà được biết và thực hiện."});
  b.push_back({Block::kSignatures, "", f.signatures});
  return Draw("Mẫu 03", f.header, "", b);
}

Result<std::string> RenderApologyPdf(const ApologyForm& f) {
  std::vector<Block> b;
  b.push_back({Block::kTitle, f.title});
  b.push_back({Block::kCentred, "Kính gửi: " + f.addressee});
  b.push_back({Block::kLine, "Ngày " + Date(f.received_at) + ", " + f.header.body_name +
                                 " tiếp nhận giải quyết hồ sơ đề nghị " + f.procedure +
                                 (f.procedure.ends_with('.') ? "" : ".")});
  PersonLines(b, f.applicant);
  b.push_back({Block::kLine, "Mã hồ sơ: " + f.dossier_code});
  if (f.original_due) {
    b.push_back({Block::kLine, "Thời gian hẹn trả kết quả: " + FormatFormTime(*f.original_due)});
  }
  b.push_back({Block::kLine,
               "Tuy nhiên đến nay, cơ quan chưa trả kết quả giải quyết hồ sơ cho "
               "ông/bà đúng hạn. Lý do: " +
                   f.reason});
  b.push_back({Block::kLine,
               "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của "
               "ông/bà. Chúng tôi xin lỗi ông/bà và hẹn lại thời gian trả kết quả: " +
                   FormatFormTime(f.new_due) + "."});
  b.push_back({Block::kLine, "Mong nhận được sự cảm thông của ông/bà."});
  b.push_back({Block::kSignatures, "", {f.signer}});
  return Draw("Mẫu 04", f.header, "", b);
}

Result<std::string> RenderStopNoticePdf(const StopNoticeForm& f) {
  std::vector<Block> b;
  b.push_back({Block::kTitle, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"});
  b.push_back({Block::kCentred, "Mã hồ sơ: " + f.dossier_code});
  b.push_back({Block::kLine, "Ngày " + Date(f.received_at) + ", " + f.header.body_name +
                                 " tiếp nhận hồ sơ đề nghị " + f.procedure + " của:"});
  PersonLines(b, f.applicant);
  if (f.at_applicants_request) {
    b.push_back({Block::kLine,
                 std::string("Theo đề nghị của tổ chức, cá nhân") +
                     (f.requested_at ? " ngày " + Date(*f.requested_at) : "") +
                     ", cơ quan dừng giải quyết hồ sơ nêu trên." +
                     (f.reason.empty() ? "" : " Lý do tổ chức, cá nhân nêu: " + f.reason)});
  } else {
    b.push_back({Block::kLine,
                 "Cơ quan dừng giải quyết hồ sơ nêu trên vì lý do sau: " + f.reason});
  }
  b.push_back({Block::kLine, "Xin thông báo để ông/bà được biết."});
  b.push_back({Block::kSignatures, "", {f.signer}});
  return Draw("Mẫu 05", f.header, "", b);
}

Result<std::string> RenderProcessSheetPdf(const ProcessSheetForm& f) {
  Page p("Mẫu 06");
  DrawHeader(p, f.header);
  DrawBlocks(p, {{Block::kTitle, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"}}, "");
  // The dossier's particulars, the lookup QR code at the right of the first lines.
  const double top = p.y_;
  const double full = p.width() - 2 * p.margin();
  const bool qr = !f.lookup_url.empty();
  for (const std::string& line :
       {"Mã hồ sơ: " + f.dossier_code, "Cơ quan (bộ phận) giải quyết hồ sơ: " + f.handling_body,
        "Cơ quan phối hợp giải quyết hồ sơ: " + f.coordinating_body,
        "Thời gian nhận hồ sơ: " + FormatFormTime(f.received_at),
        "Thời gian hẹn trả kết quả: " + DueLine(f.due_at, f.due_text),
        "Tra cứu tình trạng hồ sơ: " + f.lookup_url}) {
    const bool beside_qr = qr && p.y_ < top + kQrSize;
    p.Text(line, kLineFont, PANGO_ALIGN_LEFT, p.margin(), beside_qr ? full - kQrSize - 12 : full,
           5);
  }
  if (qr) {
    p.Qr(f.lookup_url, p.margin() + full - kQrSize, top);
    p.y_ = std::max(p.y_, top + kQrSize);
  }
  p.y_ += 12;
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < f.rows.size(); ++i) {
    const HandoverRow& r = f.rows[i];
    rows.push_back({std::to_string(i + 1), r.from, r.to, ShortTime(r.at), r.result, r.note});
  }
  Table(p,
        {{"STT", 6, PANGO_ALIGN_CENTER},
         {"Bên giao hồ sơ", 24},
         {"Bên nhận hồ sơ", 24},
         {"Thời gian giao, nhận", 14, PANGO_ALIGN_CENTER},
         {"Kết quả giải quyết (Trước hạn/ Đúng hạn/ Quá hạn)", 14, PANGO_ALIGN_CENTER},
         {"Ghi chú", 18}},
        rows, {MOTCUA_FORM_FACE " 8", MOTCUA_FORM_FACE " Bold 8", 34},
        "Ghi chú: Kết quả giải quyết của mỗi bước do bên nhận hồ sơ ghi khi nhận bàn giao; trên "
        "biểu mẫu điện tử, hệ thống tự động ghi nhận quá trình giao, nhận.");
  return p.Finish();
}

Result<std::string> RenderDossierLogPdf(const DossierLogForm& f) {
  Page p("Mẫu 07", Orientation::kLandscape);
  DrawHeader(p, f.header);
  std::vector<Block> title = {{Block::kTitle, "SỔ THEO DÕI HỒ SƠ"},
                              {Block::kCentred, "Đơn vị: " + (f.header.body_name.empty() ? f.header.unit_name
                                                                      : f.header.body_name)}};
  if (!f.field.empty()) title.push_back({Block::kCentred, "Lĩnh vực: " + f.field});
  title.push_back(
      {Block::kCentred, "Từ ngày " + Date(f.period_from) + " đến ngày " + Date(f.period_to)});
  DrawBlocks(p, title, "");
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < f.rows.size(); ++i) {
    const DossierLogRow& r = f.rows[i];
    std::string contact = r.address;
    if (!r.phone.empty()) contact += (contact.empty() ? "" : "\n") + r.phone;
    rows.push_back({std::to_string(i + 1), r.dossier_code, r.procedure, r.applicant, contact,
                    r.handling_body, DateCell(r.received_at),
                    r.due_at ? DateCell(r.due_at) : r.due_text,
                    DateCell(r.returned_at), r.delivery, ""});
  }
  // The widths keep a date (52 points at this size) and a national dossier code
  // "G22.386.20-261201-010001" (119 points) on one line each; rows are tall enough to sign in.
  Table(p,
        {{"STT", 3.5, PANGO_ALIGN_CENTER},
         {"Mã hồ sơ", 16},
         {"Tên thủ tục hành chính", 13},
         {"Người nộp hồ sơ", 11.5},
         {"Địa chỉ, số điện thoại", 11.5},
         {"Cơ quan chủ trì giải quyết", 9.5},
         {"Ngày nhận hồ sơ", 7.5, PANGO_ALIGN_CENTER},
         {"Ngày hẹn trả kết quả", 7.5, PANGO_ALIGN_CENTER},
         {"Ngày trả kết quả", 7.5, PANGO_ALIGN_CENTER},
         {"Hình thức trả kết quả", 6.5},
         {"Ký nhận", 6}},
        rows, {MOTCUA_FORM_FACE " 6.5", MOTCUA_FORM_FACE " Bold 6.5", 26}, "");
  return p.Finish();
}

Result<std::string> RenderResultPdf(const ResultForm& f) {
  std::vector<Block> b;
  b.push_back({Block::kTitle, f.title.empty() ? "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" : f.title});
  b.push_back({Block::kCentred, "Mã hồ sơ: " + f.dossier_code});
  if (f.version > 1) {
    b.push_back({Block::kCentred, "Bản đính chính lần " + std::to_string(f.version - 1) +
                                      ", thay thế văn bản " + f.corrects});
  }
  b.push_back({Block::kLine, "Thủ tục hành chính: " + f.procedure});
  b.push_back({Block::kLine, "Tổ chức, cá nhân: " + f.applicant_name});
  for (const auto& l : f.lines) b.push_back({Block::kLine, l});
  b.push_back({Block::kQr, "Văn bản điện tử được ký số. Xác thực tại: " + f.verify_url +
                               "\nMã xác thực: " + f.verify_code});
  b.push_back({Block::kSignatures, "", {f.signer}});
  return Draw("kết quả điện tử", f.header, f.verify_url, b);
}

Status RenderReceipt(const ReceiptForm& form, const std::string& path) {
  return WriteForm(RenderReceiptPdf(form), path);
}
Status RenderSupplementation(const SupplementationForm& form, const std::string& path) {
  return WriteForm(RenderSupplementationPdf(form), path);
}
Status RenderRefusal(const RefusalForm& form, const std::string& path) {
  return WriteForm(RenderRefusalPdf(form), path);
}
Status RenderApology(const ApologyForm& form, const std::string& path) {
  return WriteForm(RenderApologyPdf(form), path);
}
Status RenderStopNotice(const StopNoticeForm& form, const std::string& path) {
  return WriteForm(RenderStopNoticePdf(form), path);
}
Status RenderProcessSheet(const ProcessSheetForm& form, const std::string& path) {
  return WriteForm(RenderProcessSheetPdf(form), path);
}
Status RenderDossierLog(const DossierLogForm& form, const std::string& path) {
  return WriteForm(RenderDossierLogPdf(form), path);
}

}  // namespace motcua::render
