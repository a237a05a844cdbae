#include "render/forms.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "base/civil_time.h"

namespace motcua::render {
namespace {

using std::chrono::year;

const int64_t kReceived = FromVietnam(year(2026) / 12 / 1, 8 * 60 + 15);
const int64_t kDue = FromVietnam(year(2026) / 12 / 5, 10 * 60 + 30);

class FormsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("motcua-form-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".pdf"))
                .string();
  }
  void TearDown() override { std::filesystem::remove(path_); }

  // Returns the text of the PDF as pdftotext reads it (reading order, UTF-8), lines joined.
  std::string PdfText() {
    std::string out = Run("pdftotext -enc UTF-8 -raw '" + path_ + "' - 2>&1");
    // A line the layout wrapped reads as one: pdftotext ends each printed line with '\n'.
    for (char& c : out) {
      if (c == '\n') c = ' ';
    }
    return out;
  }

  // Returns the text of the PDF with its printed layout kept: a table row reads as a line, and a
  // form feed ends each page.
  std::string LayoutText() { return Run("pdftotext -enc UTF-8 -layout '" + path_ + "' - 2>&1"); }

  // Returns the number of pages pdfinfo reports (0 when it cannot read the file).
  int Pages() {
    const std::string info = Run("pdfinfo '" + path_ + "' 2>&1");
    const size_t at = info.find("Pages:");
    return at == std::string::npos ? 0 : std::atoi(info.c_str() + at + 6);
  }

  // Writes PDF bytes to path_, so that the text helpers can read them.
  void Save(const Result<std::string>& pdf) {
    ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
    FILE* f = std::fopen(path_.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(std::fwrite(pdf->data(), 1, pdf->size(), f), pdf->size());
    ASSERT_EQ(std::fclose(f), 0);
  }

  // Returns the output of a shell command.
  static std::string Run(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return out;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    ::pclose(p);
    return out;
  }

  static FormHeader Header() {
    return FormHeader{"UBND XÃ THUẬN CHÂU", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "12/GTN-TTPVHCC",
                      "Thuận Châu", kReceived,
                      "Trung tâm Phục vụ hành chính công xã Thuận Châu"};
  }
  static Person Applicant() {
    return Person{"Nguyễn Thị Hoà", "014186000123", "Bản Muông, xã Thuận Châu", "0912345678", ""};
  }

  static ProcessSheetForm Sheet() {
    ProcessSheetForm f;
    f.header = Header();
    f.dossier_code = "H14.37.21-261201-0008";
    f.handling_body = "UBND xã Thuận Châu";
    f.coordinating_body = "Công an xã Thuận Châu";
    f.lookup_url = "https://motcua.example.vn/tra-cuu/H14.37.21-261201-0008";
    f.received_at = kReceived;
    f.due_at = kDue;
    return f;
  }

  static DossierLogForm Log() {
    DossierLogForm f;
    f.header = Header();
    f.field = "Hộ tịch";
    f.period_from = FromVietnam(year(2026) / 12 / 1, 0);
    f.period_to = FromVietnam(year(2026) / 12 / 31, 23 * 60 + 59);
    return f;
  }

  std::string path_;
};

#define EXPECT_HAS(text, part) \
  EXPECT_NE((text).find(part), std::string::npos) << "missing: " << (part) << "\nin:\n" << (text)

// Returns how many times `part` occurs in `text`.
size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Returns the log row of dossier H14.37.21-261201-`i`, received 01/12, due 04/12, returned 03/12.
DossierLogRow LogRow(int i) {
  char code[32];
  std::snprintf(code, sizeof code, "H14.37.21-261201-%04d", i);
  const int64_t day = int64_t{24} * 3600 * 1000;
  return DossierLogRow{code,        "Đăng ký khai sinh", "Nguyễn Thị Hoà",
                       "Bản Muông", "0912345678",        "UBND xã Thuận Châu",
                       kReceived,   kReceived + 3 * day, kReceived + 2 * day,
                       "Trực tiếp"};
}

// Returns whether `parts` occur in `text` one after the other (anything may stand between them).
bool InOrder(const std::string& text, const std::vector<std::string>& parts) {
  size_t at = 0;
  for (const auto& part : parts) {
    at = text.find(part, at);
    if (at == std::string::npos) return false;
    at += part.size();
  }
  return true;
}

// Returns the first line of `text` that holds `part`, or "" when none does.
std::string LineWith(const std::string& text, const std::string& part) {
  const size_t at = text.find(part);
  if (at == std::string::npos) return "";
  const size_t begin = text.rfind('\n', at);
  const size_t start = begin == std::string::npos ? 0 : begin + 1;
  return text.substr(start, text.find('\n', at) - start);
}

// Returns the parts of `text` between the `sep` characters.
std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == sep) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

// Returns `n` handovers "Đơn vị 001" → "Đơn vị 002" → …, one hour apart from kReceived.
std::vector<HandoverRow> Handovers(int n) {
  std::vector<HandoverRow> rows;
  auto unit = [](int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "Đơn vị %03d", i);
    return std::string(buf);
  };
  for (int i = 1; i <= n; ++i) {
    rows.push_back({unit(i), unit(i + 1), kReceived + int64_t{i} * 3600 * 1000, "Đúng hạn", ""});
  }
  return rows;
}

TEST(FormTime, ToTheMinuteInVietnam) {
  EXPECT_EQ(FormatFormTime(kDue), "10 giờ 30 phút, ngày 05/12/2026");
  EXPECT_EQ(FormatFormTime(kReceived), "08 giờ 15 phút, ngày 01/12/2026");
}

TEST_F(FormsTest, ReceiptCarriesTheAppointment) {
  ReceiptForm f;
  f.header = Header();
  f.dossier_code = "H14.37.21-261201-0007";
  f.applicant = Applicant();
  f.procedure = "Đăng ký khai sinh";
  f.components = {"Tờ khai đăng ký khai sinh", "Giấy chứng sinh"};
  f.legal_limit = "3 ngày làm việc";
  f.received_at = kReceived;
  f.due_at = kDue;
  f.return_place = "Bộ phận một cửa xã Thuận Châu";
  f.log_book = "01/2026";
  f.log_serial = 125;
  f.applicant_signature = {"NGƯỜI NỘP HỒ SƠ", "(Ký, ghi rõ họ tên)", "Nguyễn Thị Hoà", ""};
  f.officer = {"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký, ghi rõ họ tên; ký số nếu là biểu mẫu điện tử)",
               "Lò Văn Đức", "Công chức Bộ phận Một cửa"};
  f.lookup_url = "https://motcua.example.vn/tra-cuu/H14.37.21-261201-0007";
  ASSERT_TRUE(RenderReceipt(f, path_).ok());
  const std::string t = PdfText();
  EXPECT_HAS(t, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
  EXPECT_HAS(t, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  EXPECT_HAS(t, "Nguyễn Thị Hoà");
  EXPECT_HAS(t, "H14.37.21-261201-0007");
  EXPECT_HAS(t, "Thời gian trả kết quả giải quyết hồ sơ: 10 giờ 30 phút, ngày 05/12/2026");
  EXPECT_HAS(t, "Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 01/12/2026");
  EXPECT_HAS(t, "theo quy định là: 3 ngày làm việc");
  EXPECT_HAS(t, "Giấy chứng sinh");
  EXPECT_HAS(t, "Vào Sổ theo dõi hồ sơ, Quyển số 01/2026, Số thứ tự 125");
  // The two headings, the number, the place and date in words.
  EXPECT_HAS(t, "UBND XÃ THUẬN CHÂU");
  EXPECT_HAS(t, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG");
  EXPECT_HAS(t, "Độc lập - Tự do - Hạnh phúc");
  EXPECT_HAS(t, "Số: 12/GTN-TTPVHCC");
  EXPECT_HAS(t, "Thuận Châu, ngày 01 tháng 12 năm 2026");
  // Both signatures, with names and the officer's title.
  EXPECT_TRUE(InOrder(t, {"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"})) << t;
  EXPECT_HAS(t, "Nguyễn Thị Hoà");
  EXPECT_HAS(t, "Lò Văn Đức");
  EXPECT_HAS(t, "Công chức Bộ phận Một cửa");
  EXPECT_HAS(t, "ký số nếu là biểu mẫu điện tử");
}

TEST_F(FormsTest, ReceiptWithoutAnAppointmentSaysWhy) {
  ReceiptForm f;
  f.header = Header();
  f.dossier_code = "H14-261201-0009";
  f.received_at = kReceived;
  f.due_text = "Đang tạm dừng tính thời gian giải quyết";
  ASSERT_TRUE(RenderReceipt(f, path_).ok());
  const std::string t = PdfText();
  EXPECT_HAS(t, "Thời gian trả kết quả giải quyết hồ sơ: Đang tạm dừng tính thời gian giải quyết");
  EXPECT_EQ(t.find("1970"), std::string::npos) << t;
  EXPECT_EQ(t.find("Số thứ tự"), std::string::npos) << t;  // no log serial, no line
}

TEST(FormDate, InWordsInVietnam) {
  EXPECT_EQ(FormatFormDate(kDue), "ngày 05 tháng 12 năm 2026");
  // 23:30 UTC on 31 December is already 1 January in Vietnam.
  EXPECT_EQ(FormatFormDate(FromVietnam(year(2027) / 1 / 1, 6 * 60 + 30)),
            "ngày 01 tháng 01 năm 2027");
}

TEST_F(FormsTest, ReceiptTitleIsConfigurable) {
  ReceiptForm f;
  f.header = Header();
  f.title = "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ";
  f.dossier_code = "H14-261201-0001";
  f.applicant = Applicant();
  f.received_at = kReceived;
  f.due_at = kDue;
  f.lookup_url = "https://motcua.example.vn/tra-cuu/H14-261201-0001";
  ASSERT_TRUE(RenderReceipt(f, path_).ok());
  EXPECT_HAS(PdfText(), "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
}

TEST_F(FormsTest, SupplementationListsItemsAndReason) {
  SupplementationForm f{Header(),
                        "H14-261201-0002",
                        Applicant(),
                        "Chứng thực bản sao",
                        {"Bản chính giấy khai sinh", "Bản sao CCCD rõ nét"},
                        "Bản sao bị mờ",
                        "chị Cầm Thị Lan, 0987654321",
                        {"NGƯỜI HƯỚNG DẪN", "", "Lò Văn Đức", "Công chức Bộ phận Một cửa"}};
  ASSERT_TRUE(RenderSupplementation(f, path_).ok());
  const std::string t = PdfText();
  EXPECT_HAS(t, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ");
  EXPECT_HAS(t, "1. Bản chính giấy khai sinh");
  EXPECT_HAS(t, "2. Bản sao CCCD rõ nét");
  EXPECT_HAS(t, "Lý do: Bản sao bị mờ");
  EXPECT_HAS(t, "Nguyễn Thị Hoà");
  EXPECT_TRUE(InOrder(t, {"NGƯỜI HƯỚNG DẪN", "Lò Văn Đức"})) << t;
}

TEST_F(FormsTest, RefusalGivesReasons) {
  RefusalForm f{Header(),
                "",
                Applicant(),
                "Cấp giấy phép xây dựng",
                {"Không thuộc thẩm quyền giải quyết của xã"},
                {{"THỦ TRƯỞNG CƠ QUAN", "", "Lường Văn Thắng", "Lãnh đạo Ủy ban nhân dân"}}};
  ASSERT_TRUE(RenderRefusal(f, path_).ok());
  const std::string t = PdfText();
  EXPECT_HAS(t, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ");
  EXPECT_HAS(t, "Không thuộc thẩm quyền giải quyết của xã");
  EXPECT_TRUE(InOrder(t, {"THỦ TRƯỞNG CƠ QUAN", "Lường Văn Thắng"})) << t;
}

TEST_F(FormsTest, ApologyGivesNewDate) {
  ApologyForm f;
  f.header = Header();
  f.addressee = "Bà Nguyễn Thị Hoà";
  f.dossier_code = "H14-261201-0003";
  f.applicant = Applicant();
  f.procedure = "Đăng ký kết hôn";
  f.received_at = kReceived;
  f.original_due = kDue;
  f.reason = "Cần xác minh thêm";
  f.new_due = FromVietnam(year(2026) / 12 / 9, 14 * 60);
  f.signer = {"THỦ TRƯỞNG CƠ QUAN", "", "Hà Văn Sơn", "Lãnh đạo Ủy ban nhân dân"};
  ASSERT_TRUE(RenderApology(f, path_).ok());
  const std::string t = PdfText();
  EXPECT_HAS(t, "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT");
  EXPECT_HAS(t, "14 giờ 00 phút, ngày 09/12/2026");
  EXPECT_HAS(t, "H14-261201-0003");
}

// Returns a stop notice on the applicant's request (or, with `other`, on another ground).
StopNoticeForm Stop(const FormHeader& h, const Person& a, bool other) {
  StopNoticeForm f;
  f.header = h;
  f.dossier_code = "H14-261201-0004";
  f.applicant = a;
  f.procedure = "Đăng ký thường trú";
  f.received_at = kReceived;
  f.at_applicants_request = !other;
  if (!other) f.requested_at = kDue;
  f.reason = other ? "Hồ sơ bị thu hồi theo quyết định của tòa án" : "Công dân rút hồ sơ";
  f.signer = {"NGƯỜI TIẾP NHẬN HỒ SƠ", "", "Lò Văn Đức", "Công chức Bộ phận Một cửa"};
  return f;
}

TEST_F(FormsTest, StopNoticeStatesItsGround) {
  ASSERT_TRUE(RenderStopNotice(Stop(Header(), Applicant(), false), path_).ok());
  std::string t = PdfText();
  EXPECT_HAS(t, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ");
  EXPECT_HAS(t, "Theo đề nghị của tổ chức, cá nhân ngày 05/12/2026");
  EXPECT_HAS(t, "Công dân rút hồ sơ");
  ASSERT_TRUE(RenderStopNotice(Stop(Header(), Applicant(), true), path_).ok());
  t = PdfText();
  EXPECT_HAS(t, "vì lý do sau: Hồ sơ bị thu hồi theo quyết định của tòa án");
  EXPECT_EQ(t.find("Theo đề nghị"), std::string::npos) << t;
}

TEST_F(FormsTest, BytesAreAWholePdf) {
  ReceiptForm receipt;
  receipt.header = Header();
  receipt.dossier_code = "H14-261201-0005";
  receipt.applicant = Applicant();
  receipt.lookup_url = "https://motcua.example.vn/tra-cuu/H14-261201-0005";
  const Result<std::string> pdfs[] = {
      RenderReceiptPdf(receipt), RenderSupplementationPdf({}), RenderRefusalPdf({}),
      RenderApologyPdf({}),      RenderStopNoticePdf({}),
  };
  for (const auto& pdf : pdfs) {
    ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
    EXPECT_TRUE(pdf->starts_with("%PDF-"));
    EXPECT_TRUE(pdf->ends_with("%%EOF\n"));
  }
  Save(pdfs[0]);
  EXPECT_HAS(PdfText(), "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
}

TEST_F(FormsTest, PathVersionWritesTheSameForm) {
  StopNoticeForm f = Stop(Header(), Applicant(), false);
  f.dossier_code = "H14-261201-0006";
  ASSERT_TRUE(RenderStopNotice(f, path_).ok());
  EXPECT_HAS(PdfText(), "H14-261201-0006");
  EXPECT_FALSE(std::filesystem::exists(path_ + ".tmp"));
}

TEST_F(FormsTest, ProcessSheetCarriesTheDossierAndHandovers) {
  ProcessSheetForm f = Sheet();
  f.rows = {
      {"Bộ phận một cửa - Lò Văn Đức", "Công chức tư pháp - Cầm Thị Lan", kReceived + 600000,
       "Trước hạn", ""},
      {"Công chức tư pháp - Cầm Thị Lan", "Chủ tịch UBND xã - Hà Văn Sơn",
       FromVietnam(year(2026) / 12 / 3, 16 * 60 + 5), "Quá hạn", "Chờ xác minh"},
      {"Chủ tịch UBND xã - Hà Văn Sơn", "Bộ phận một cửa - Lò Văn Đức", 0, "", ""},
  };
  Save(RenderProcessSheetPdf(f));
  // The particulars may wrap beside the QR code: read them with wrapped lines joined.
  const std::string t = PdfText();
  EXPECT_HAS(t, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ");
  EXPECT_HAS(t, "Mã hồ sơ: H14.37.21-261201-0008");
  EXPECT_HAS(t, "Cơ quan (bộ phận) giải quyết hồ sơ: UBND xã Thuận Châu");
  EXPECT_HAS(t, "Cơ quan phối hợp giải quyết hồ sơ: Công an xã Thuận Châu");
  EXPECT_HAS(t, "Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 01/12/2026");
  EXPECT_HAS(t, "Thời gian hẹn trả kết quả: 10 giờ 30 phút, ngày 05/12/2026");
  // The table, row by row.
  const std::string table = LayoutText();
  EXPECT_HAS(table, "Bên giao hồ sơ");
  EXPECT_HAS(table, "Bên nhận hồ sơ");
  EXPECT_HAS(table, "Trước hạn");
  EXPECT_HAS(table, "08:25");  // 10 minutes after reception
  EXPECT_HAS(table, "16:05");
  EXPECT_HAS(table, "03/12/2026");
  EXPECT_HAS(table, "Quá hạn      Chờ xác minh");
  EXPECT_HAS(table, "Văn Sơn");
  EXPECT_EQ(Count(table, "hạn"), 2u + 3u);  // two results, and the three in the result heading
  EXPECT_HAS(table, "Trang 1/1");
  EXPECT_EQ(Pages(), 1);
}

TEST_F(FormsTest, ProcessSheetTableContinuesOnFurtherPages) {
  ProcessSheetForm f = Sheet();
  f.rows = Handovers(60);
  Save(RenderProcessSheetPdf(f));
  const std::string t = LayoutText();
  const int pages = Pages();
  EXPECT_GT(pages, 1);
  EXPECT_EQ(Count(t, "\f"), static_cast<size_t>(pages));
  // Every page the table reaches repeats the column headings, and every page is numbered.
  for (const std::string& page : Split(t, '\f')) {
    if (page.find("Đơn vị") != std::string::npos) {
      EXPECT_HAS(page, "Bên giao hồ sơ");
    }
  }
  for (int i = 1; i <= pages; ++i) {
    EXPECT_HAS(t, "Trang " + std::to_string(i) + "/" + std::to_string(pages));
  }
  // No row is lost at a page break: the first and the last handover are there.
  EXPECT_HAS(t, "Đơn vị 001");
  EXPECT_HAS(t, "Đơn vị 060");
  EXPECT_HAS(t, "Đơn vị 061");
  EXPECT_EQ(Count(t, "Đúng hạn") - Count(t, "Đúng hạn/"), 60u);  // less the headings
  EXPECT_HAS(t, "hệ thống tự động ghi nhận quá trình giao, nhận");
}

TEST_F(FormsTest, DossierLogCarriesThePeriodAndTheDossiers) {
  DossierLogForm f = Log();
  f.rows = {LogRow(1), LogRow(2)};
  f.rows[1].procedure = "Chứng thực bản sao";
  f.rows[1].returned_at = 0;  // not returned yet
  f.rows[1].delivery = "";
  Save(RenderDossierLogPdf(f));
  const std::string t = LayoutText();
  EXPECT_HAS(t, "SỔ THEO DÕI HỒ SƠ");
  EXPECT_HAS(t, "Đơn vị: Trung tâm Phục vụ hành chính công xã Thuận Châu");
  EXPECT_HAS(t, "Lĩnh vực: Hộ tịch");
  EXPECT_HAS(t, "Từ ngày 01/12/2026 đến ngày 31/12/2026");
  for (const char* heading : {"STT", "Mã hồ sơ", "Người nộp hồ sơ", "Cơ quan chủ", "Ký nhận"}) {
    EXPECT_HAS(t, heading);
  }
  EXPECT_HAS(t, "Đăng ký khai sinh");
  EXPECT_HAS(t, "Chứng thực bản sao");
  EXPECT_HAS(t, "Nguyễn Thị Hoà");
  EXPECT_HAS(t, "0912345678");
  EXPECT_HAS(t, "UBND xã Thuận");
  // Row 1 has all three dates; row 2, not returned yet, only two and no delivery method.
  const std::string row1 = LineWith(t, "H14.37.21-261201-0001");
  EXPECT_TRUE(InOrder(
      row1, {"1", "H14.37.21-261201-0001", "Đăng ký khai sinh", "Nguyễn Thị Hoà", "Bản Muông",
             "UBND xã Thuận", "01/12/2026", "04/12/2026", "03/12/2026", "Trực tiếp"}))
      << row1;
  const std::string row2 = LineWith(t, "H14.37.21-261201-0002");
  EXPECT_TRUE(InOrder(row2, {"2", "H14.37.21-261201-0002", "Chứng thực bản sao"})) << row2;
  EXPECT_EQ(Count(row2, "/2026"), 2u) << row2;
  EXPECT_EQ(Count(t, "Trực tiếp"), 1u);
  EXPECT_HAS(t, "Trang 1/1");
  EXPECT_EQ(Pages(), 1);
}

TEST_F(FormsTest, DossierLogContinuesOnFurtherPages) {
  DossierLogForm f = Log();
  for (int i = 1; i <= 120; ++i) f.rows.push_back(LogRow(i));
  Save(RenderDossierLogPdf(f));
  const std::string t = LayoutText();
  const int pages = Pages();
  EXPECT_GT(pages, 1);
  EXPECT_EQ(Count(t, "\f"), static_cast<size_t>(pages));
  const std::vector<std::string> page_texts = Split(t, '\f');
  for (int i = 1; i <= pages; ++i) {
    SCOPED_TRACE("page " + std::to_string(i));
    const std::string& page = page_texts[i - 1];
    EXPECT_HAS(page, "Mã hồ sơ");  // the headings again
    EXPECT_HAS(page, "Ngày hẹn");
    EXPECT_HAS(page, "Trang " + std::to_string(i) + "/" + std::to_string(pages));
  }
  // Every dossier is there once, numbered, the last one included.
  for (int i = 1; i <= 120; ++i) EXPECT_EQ(Count(t, LogRow(i).dossier_code), 1u) << i;
  const std::string last = LineWith(t, "H14.37.21-261201-0120");
  EXPECT_TRUE(InOrder(last, {"120", "H14.37.21-261201-0120", "Nguyễn Thị Hoà"})) << last;
}

TEST_F(FormsTest, LongNameWrapsInsideItsCellAndIsNotCut) {
  const std::vector<std::string> words = {"Công", "ty",  "trách",  "nhiệm", "hữu",   "hạn",  "Xây",
                                          "dựng", "và",  "Thương", "mại",   "Hoàng", "Liên", "Sơn",
                                          "Tây",  "Bắc", "Mường",  "Thanh", "Điện",  "Biên"};
  std::string name;
  for (const auto& w : words) name += (name.empty() ? "" : " ") + w;
  DossierLogForm f = Log();
  f.rows = {LogRow(1)};
  f.rows[0].applicant = name;
  Save(RenderDossierLogPdf(f));
  const std::string t = LayoutText();
  // The name takes several lines of its cell ...
  const std::vector<std::string> lines = Split(t, '\n');
  auto line_of = [&](const std::string& w) {
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].find(w) != std::string::npos) return i;
    }
    return lines.size();
  };
  EXPECT_LT(line_of("Công ty"), line_of("Biên"));
  EXPECT_LT(line_of("Biên"), lines.size());
  // ... and every word of it is printed, in order: nothing runs out of the cell.
  EXPECT_TRUE(InOrder(t, words)) << t;
}

TEST_F(FormsTest, PrintsInASerifMetricCompatibleWithTimesNewRoman) {
  ASSERT_TRUE(RenderStopNotice(Stop(Header(), Applicant(), false), path_).ok());
  const std::string fonts = Run("pdffonts '" + path_ + "' 2>&1");
  EXPECT_HAS(fonts, "LiberationSerif");
  EXPECT_EQ(fonts.find("DejaVu"), std::string::npos) << fonts;
  EXPECT_HAS(PdfText(), "Độc lập - Tự do - Hạnh phúc");  // the diacritics read back
}

TEST_F(FormsTest, UnwritablePathIsAnError) {
  Status s = RenderStopNotice(Stop(Header(), Applicant(), false), "/nonexistent-dir/form.pdf");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kInternal);
  EXPECT_HAS(s.message(), "/nonexistent-dir/form.pdf");
}

}  // namespace
}  // namespace motcua::render
