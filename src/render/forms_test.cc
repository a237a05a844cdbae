#include "render/forms.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

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
    return FormHeader{"UBND TỈNH SƠN LA", "UBND XÃ THUẬN CHÂU", "Số: 12/TN", "Thuận Châu",
                      kReceived};
  }
  static Person Applicant() {
    return Person{"Nguyễn Thị Hoà", "014186000123", "Bản Muông, xã Thuận Châu", "0912345678", ""};
  }

  std::string path_;
};

#define EXPECT_HAS(text, part) \
  EXPECT_NE((text).find(part), std::string::npos) << "missing: " << (part) << "\nin:\n" << (text)

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
  f.legal_days = 3;
  f.received_at = kReceived;
  f.due_at = kDue;
  f.return_place = "Bộ phận một cửa xã Thuận Châu";
  f.receiving_officer = "Lò Văn Đức";
  f.lookup_url = "https://motcua.example.vn/tra-cuu/H14.37.21-261201-0007";
  ASSERT_TRUE(RenderReceipt(f, path_).ok());
  const std::string t = PdfText();
  EXPECT_HAS(t, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
  EXPECT_HAS(t, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  EXPECT_HAS(t, "Nguyễn Thị Hoà");
  EXPECT_HAS(t, "H14.37.21-261201-0007");
  EXPECT_HAS(t, "Hẹn trả kết quả: 10 giờ 30 phút, ngày 05/12/2026");
  EXPECT_HAS(t, "Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 01/12/2026");
  EXPECT_HAS(t, "Giấy chứng sinh");
  EXPECT_HAS(t, "Lò Văn Đức");
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
                        "Lò Văn Đức"};
  ASSERT_TRUE(RenderSupplementation(f, path_).ok());
  const std::string t = PdfText();
  EXPECT_HAS(t, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ");
  EXPECT_HAS(t, "1. Bản chính giấy khai sinh");
  EXPECT_HAS(t, "2. Bản sao CCCD rõ nét");
  EXPECT_HAS(t, "Lý do: Bản sao bị mờ");
  EXPECT_HAS(t, "Nguyễn Thị Hoà");
}

TEST_F(FormsTest, RefusalGivesReasons) {
  RefusalForm f{Header(),
                "",
                Applicant(),
                "Cấp giấy phép xây dựng",
                {"Không thuộc thẩm quyền giải quyết của xã"},
                "Lò Văn Đức"};
  ASSERT_TRUE(RenderRefusal(f, path_).ok());
  const std::string t = PdfText();
  EXPECT_HAS(t, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ");
  EXPECT_HAS(t, "Không thuộc thẩm quyền giải quyết của xã");
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
  f.signer = "Hà Văn Sơn";
  ASSERT_TRUE(RenderApology(f, path_).ok());
  const std::string t = PdfText();
  EXPECT_HAS(t, "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT");
  EXPECT_HAS(t, "14 giờ 00 phút, ngày 09/12/2026");
  EXPECT_HAS(t, "H14-261201-0003");
}

TEST_F(FormsTest, StopNotice) {
  StopNoticeForm f{Header(),  "H14-261201-0004",    Applicant(), "Đăng ký thường trú",
                   kReceived, "Công dân rút hồ sơ", "Hà Văn Sơn"};
  ASSERT_TRUE(RenderStopNotice(f, path_).ok());
  const std::string t = PdfText();
  EXPECT_HAS(t, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ");
  EXPECT_HAS(t, "Công dân rút hồ sơ");
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
  StopNoticeForm f{Header(),  "H14-261201-0006",    Applicant(), "Đăng ký thường trú",
                   kReceived, "Công dân rút hồ sơ", "Hà Văn Sơn"};
  ASSERT_TRUE(RenderStopNotice(f, path_).ok());
  EXPECT_HAS(PdfText(), "H14-261201-0006");
  EXPECT_FALSE(std::filesystem::exists(path_ + ".tmp"));
}

TEST_F(FormsTest, UnwritablePathIsAnError) {
  StopNoticeForm f{Header(), "H14-261201-0004", Applicant(), "x", kReceived, "y", "z"};
  Status s = RenderStopNotice(f, "/nonexistent-dir/form.pdf");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kInternal);
  EXPECT_HAS(s.message(), "/nonexistent-dir/form.pdf");
}

}  // namespace
}  // namespace motcua::render
