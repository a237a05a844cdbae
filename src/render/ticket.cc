#include "render/ticket.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <memory>

#include "render/qr.h"

namespace motcua::render {

namespace {

constexpr double kMm = 72.0 / 25.4;
constexpr double kWidth = 80 * kMm;    // the roll
constexpr double kHeight = 120 * kMm;
constexpr double kMargin = 4 * kMm;

cairo_status_t Append(void* bytes, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(bytes)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (const std::bad_alloc&) {
    return CAIRO_STATUS_NO_MEMORY;
  }
}

// Draws `text` centred across the slip at `y`; returns its height.
double Centred(cairo_t* cr, const std::string& text, const char* font, double y) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* desc = pango_font_description_from_string(font);
  pango_layout_set_font_description(layout, desc);
  pango_font_description_free(desc);
  pango_layout_set_width(layout, static_cast<int>((kWidth - 2 * kMargin) * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text(layout, text.c_str(), -1);
  cairo_move_to(cr, kMargin, y);
  pango_cairo_show_layout(cr, layout);
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return static_cast<double>(h) / PANGO_SCALE;
}

}  // namespace

Result<std::string> RenderTicketPdf(const TicketSlip& slip) {
  auto qr = EncodeQr(slip.follow_url);
  if (!qr.ok()) return qr.status();
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(&Append, &bytes, kWidth, kHeight);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0, 0, 0);
  double y = kMargin;
  y += Centred(cr, slip.centre, "DejaVu Sans 8", y) + 3 * kMm;
  y += Centred(cr, slip.area, "DejaVu Sans Bold 10", y) + 2 * kMm;
  y += Centred(cr, slip.label, "DejaVu Sans Bold 36", y) + 2 * kMm;
  y += Centred(cr, slip.issued, "DejaVu Sans 9", y) + 1 * kMm;
  y += Centred(cr, slip.ahead_line, "DejaVu Sans 9", y) + 3 * kMm;
  const double side = 30 * kMm, module = side / (qr->size + 8);
  const double x0 = (kWidth - side) / 2 + 4 * module, y0 = y + 4 * module;
  for (int r = 0; r < qr->size; ++r)
    for (int c = 0; c < qr->size; ++c)
      if (qr->At(c, r)) cairo_rectangle(cr, x0 + c * module, y0 + r * module, module, module);
  cairo_fill(cr);
  y += side + 1 * kMm;
  Centred(cr, slip.follow_line, "DejaVu Sans 8", y);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (st != CAIRO_STATUS_SUCCESS || bytes.empty())
    return Status::Internal(std::string("render: cannot draw the ticket: ") + cairo_status_to_string(st));
  return bytes;
}

}  // namespace motcua::render
