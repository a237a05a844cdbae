#include "domain/procedure/procedure.h"

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

namespace motcua::procedure {
namespace {

TEST(ProcedureTest, ParsesNationalCodes) {
  auto a = ParseNationalCode("1.001193");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->base, "1.001193");
  EXPECT_EQ(a->suffix, "");
  auto b = ParseNationalCode(" 1.000948.H38 ");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->suffix, "H38");
  EXPECT_EQ(b->ToString(), "1.000948.H38");
  EXPECT_TRUE(ParseNationalCode("1.001117.000.00.00.H48").ok());
  for (const char* bad : {"", "0.000001", "1.00119", "1-001193", "1.001193.", "1.001193.h38",
                          "1.001193..H38", "1.0011933"}) {
    EXPECT_FALSE(ParseNationalCode(bad).ok()) << bad;
  }
}

// Flattened time cells, as they occur in procedures.jsonl.
TEST(ProcedureTest, ParsesProcessingTimes) {
  struct Case {
    const char* cell;
    double amount;
    TimeUnit unit;
  } cases[] = {
      {"3 Ngày làm việc", 3, TimeUnit::kWorkingDays},     // 1.002755 Gia hạn tạm trú
      {"22 Ngày làm việc", 22, TimeUnit::kWorkingDays},   // 1.000823
      {"30 Ngày", 30, TimeUnit::kCalendarDays},           // 3.000042
      {"4 Giờ", 4, TimeUnit::kHours},
      {"8 Giờ làm việc", 8, TimeUnit::kWorkingHours},
      {"0.5 Ngày làm việc", 0.5, TimeUnit::kWorkingDays},
      {"2 Tháng", 2, TimeUnit::kMonths},
      {"1", 1, TimeUnit::kUnspecified},                   // 1.001193 Đăng ký khai sinh
      {"Không có thông tin", 0, TimeUnit::kUnspecified},  // 2.000815 Chứng thực bản sao
      {"Trong ngày", 0, TimeUnit::kSameDay},
  };
  for (const auto& c : cases) {
    ProcessingTime t = ParseProcessingTime(c.cell);
    EXPECT_DOUBLE_EQ(t.amount, c.amount) << c.cell;
    EXPECT_EQ(t.unit, c.unit) << c.cell;
  }
}

// Flattened fee cells, as they occur in procedures.jsonl.
TEST(ProcedureTest, ParsesFees) {
  struct Case {
    const char* cell;
    std::optional<int64_t> amount;
    const char* note;
  } cases[] = {
      {"Miễn phí", 0, ""},
      {"Miễn phí(Không có)", 0, "Không có"},
      {"5,000 Việt Nam Đồng(- Gia hạn tạm trú (cá nhân, hộ gia đình))", 5000,
       "- Gia hạn tạm trú (cá nhân, hộ gia đình)"},                          // 1.002755
      {"2,000 Việt Nam Đồng(/trang)", 2000, "/trang"},                       // 2.000815
      {"70,000 VNĐ(70.000 đồng/Giấy chứng nhận)", 70000, "70.000 đồng/Giấy chứng nhận"},
      {"135 VNĐ(Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.)", 135000,   // 3.000350
       "Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần."},
      {"1,500,000 Việt Nam Đồng", 1500000, ""},
      {"20.000 VNĐ", 20000, ""},
  };
  for (const auto& c : cases) {
    std::vector<ParseIssue> issues;
    auto fee = ParseFee(c.cell, &issues);
    ASSERT_TRUE(fee.has_value()) << c.cell;
    EXPECT_EQ(fee->amount_vnd, c.amount) << c.cell;
    EXPECT_EQ(fee->note, c.note) << c.cell;
  }
  std::vector<ParseIssue> issues;
  EXPECT_FALSE(ParseFee("Không có thông tin", &issues).has_value());
  auto lp = ParseFee("135 VNĐ(Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.)", &issues);
  EXPECT_EQ(lp->name, "Lệ phí");
}

TEST(ProcedureTest, ParsesChannelTables) {
  std::vector<ParseIssue> issues;
  // 1.004222 Đăng ký thường trú (shortened notes).
  auto rows = ParseChannelTable(
      "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày làm việc10,000 Việt Nam Đồng(thu "
      "10.000 đồng/lần đăng ký.)Trực tiếp7 Ngày làm việc20,000 Việt Nam Đồng(thu 20.000 "
      "đồng)Nộp tại Công an cấp xã",
      &issues);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].kind, ChannelKind::kOnline);
  EXPECT_EQ(rows[0].time.unit, TimeUnit::kWorkingDays);
  EXPECT_EQ(rows[0].time.amount, 7);
  EXPECT_EQ(rows[0].fee->amount_vnd, 10000);
  EXPECT_EQ(rows[1].kind, ChannelKind::kInPerson);
  EXPECT_EQ(rows[1].fee->amount_vnd, 20000);
  EXPECT_EQ(rows[1].description, "Nộp tại Công an cấp xã");
  EXPECT_TRUE(issues.empty());

  // 1.003777: "Trực tiếp tại …" inside a description does not start a row.
  issues.clear();
  rows = ParseChannelTable(
      "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp10 NgàyKhông có thông tinTrực tiếp tại cơ "
      "quan Công an cấp huyện. - Công an cấp huyện: 10 ngày.Trực tiếp10 NgàyKhông có thông tin- "
      "Công an cấp tỉnh: 10 ngày.",
      &issues);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[0].fee.has_value());
  EXPECT_EQ(rows[0].time.unit, TimeUnit::kCalendarDays);
  EXPECT_EQ(rows[0].description,
            "Trực tiếp tại cơ quan Công an cấp huyện. - Công an cấp huyện: 10 ngày.");

  // 2.002009: time "1" (no unit) glued to the fee "100 VNĐ" meaning 100.000 đồng.
  issues.clear();
  rows = ParseChannelTable(
      "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1100 VNĐ(Phí công bố nội dung đăng ký "
      "doanh nghiệp: 100.000 đồng/lần (Thông tư số 47/2019/TT-BTC))",
      &issues);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].time.raw, "1");
  EXPECT_EQ(rows[0].time.unit, TimeUnit::kUnspecified);
  EXPECT_EQ(rows[0].fee->amount_vnd, 100000);
  EXPECT_FALSE(issues.empty());

  // 1.000014: "120 VNĐ(20.000 vnđ /tờ khai)" = time 1 + fee 20.000.
  issues.clear();
  rows = ParseChannelTable(
      "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến120 VNĐ(20.000 vnđ /tờ khai)Trực tiếp120 "
      "VNĐ(20.000 vnđ /tờ khai)",
      &issues);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].fee->amount_vnd, 20000);

  // 1.001193 Đăng ký khai sinh: "1" with no unit, free.
  issues.clear();
  rows = ParseChannelTable(
      "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phíDịch vụ bưu chính1Miễn "
      "phíTrực tiếp1Miễn phí",
      &issues);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].kind, ChannelKind::kPostal);
  EXPECT_EQ(rows[2].time.unit, TimeUnit::kUnspecified);
  EXPECT_EQ(rows[2].fee->amount_vnd, 0);
}

TEST(ProcedureTest, ParsesComponents) {
  std::vector<ParseIssue> issues;
  // 1.000253 (Công an cấp xã): name, template file, quantity glued together.
  auto c = ParseComponents(
      "--Tên giấy tờMẫu đơn, tờ khaiSố lượngPhiếu khai báo tạm trú cho người nước ngoài (mẫu "
      "NA17)101-Mau A17 tam tru cho nguoi nuoc ngoai.doc1 bản chính",
      &issues);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].name, "Phiếu khai báo tạm trú cho người nước ngoài (mẫu NA17)");
  ASSERT_EQ(c[0].templates.size(), 1u);
  EXPECT_EQ(c[0].templates[0], "101-Mau A17 tam tru cho nguoi nuoc ngoai.doc");
  EXPECT_EQ(c[0].originals, 1);
  EXPECT_EQ(c[0].copies, 0);

  // 1.014068: "1 bản chính,1 bản sao"; a file name after the closing parenthesis.
  issues.clear();
  c = ParseComponents(
      "--Tên giấy tờMẫu đơn, tờ khaiSố lượngPhiếu thu nhận thông tin căn cước (Mẫu CC01 ban hành "
      "kèm theo Thông tư số 17/2024/TT-BCA của Bộ Công an)Mẫu CC01 Phiếu thu nhận thông tin căn "
      "cước.doc1 bản chính,1 bản saoGiấy tờ pháp lý chứng minh nội dung thay đổi thông tin.0 bản "
      "chính",
      &issues);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].templates, std::vector<std::string>{"Mẫu CC01 Phiếu thu nhận thông tin căn cước.doc"});
  EXPECT_EQ(c[0].originals, 1);
  EXPECT_EQ(c[0].copies, 1);
  EXPECT_EQ(c[1].name, "Giấy tờ pháp lý chứng minh nội dung thay đổi thông tin.");
  EXPECT_TRUE(c[1].templates.empty());

  // 1.001766 Khai tử: two groups with headings; "…: 01 bản chính" inside a name is not a cell.
  issues.clear();
  c = ParseComponents(
      "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Giấy báo tử hoặc giấy tờ thay "
      "Giấy báo tử.1 bản chính* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Văn "
      "bản xác nhận: 01 bản chính (nếu có).0 bản chính",
      &issues);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].group, "Giấy tờ phải nộp:");
  EXPECT_EQ(c[0].name, "Giấy báo tử hoặc giấy tờ thay Giấy báo tử.");
  EXPECT_EQ(c[1].group, "Giấy tờ phải xuất trình:");
  EXPECT_EQ(c[1].name, "Văn bản xác nhận: 01 bản chính (nếu có).");
  EXPECT_EQ(c[1].originals, 0);
  EXPECT_TRUE(issues.empty());
}

TEST(ProcedureTest, ParsesALineAndRejectsMalformedJson) {
  auto bad = ParseProcedureLine("{\"ma_thu_tuc\": ");
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ParseProcedureLine("[1,2]").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ParseProcedureLine(R"({"ma_thu_tuc":"x","ten_thu_tuc":"y"})").status().code(),
            Code::kInvalidArgument);
  auto p = ParseProcedureLine(
      R"({"ma_thu_tuc": "1.002755", "ten_thu_tuc": "Gia hạn tạm trú", "so_quyet_dinh": "9354/QĐ-BCA-C06", "cap_thuc_hien": "Cấp xã", "linh_vuc": "Đăng ký, quản lý cư trú", "doi_tuong_thuc_hien": "Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam", "co_quan_thuc_hien": "Công an cấp Xã", "co_quan_phoi_hop": "Không có thông tin", "trinh_tu_thuc_hien": "Bước 1: Chuẩn bị hồ sơ.\n Bước 2: Nộp hồ sơ.", "cach_thuc_thuc_hien": "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến3 Ngày làm việc5,000 Việt Nam ĐồngTrực tiếp3 Ngày làm việc10,000 Việt Nam Đồng", "thanh_phan_ho_so": "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai thay đổi thông tin cư trú (Mẫu CT01)CT01.docx1 bản chính", "can_cu_phap_ly": "Tên văn bản pháp lýMã văn bảnLuật Cư trú68/2020/QH14Thông tư 75/2022/TT-BTC75/2022/TT-BTC", "ket_qua_xu_ly": "Thông báo kết quả.Mã: KQ.G01.00263Từ khóaKhông có thông tin"})");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->code.base, "1.002755");
  EXPECT_EQ(p->subjects.size(), 2u);
  EXPECT_EQ(p->subjects[0], "Tổ chức (không bao gồm doanh nghiệp, HTX)");
  EXPECT_EQ(p->coordinating_agency, "");
  EXPECT_EQ(p->steps.size(), 2u);
  EXPECT_EQ(p->processing_time.unit, TimeUnit::kWorkingDays);
  EXPECT_EQ(p->processing_time.amount, 3);
  ASSERT_EQ(p->fees.size(), 2u);
  EXPECT_EQ(p->fees[1].amount_vnd, 10000);
  EXPECT_EQ(p->online_level, OnlineLevel::kPartial);
  EXPECT_EQ(p->parse_report.time, Coverage::kFull);
  EXPECT_EQ(p->parse_report.fees, Coverage::kFull);
  EXPECT_EQ(p->parse_report.components, Coverage::kFull);
  EXPECT_EQ(p->components[0].templates, std::vector<std::string>{"CT01.docx"});
  EXPECT_EQ(p->legal_basis.numbers,
            (std::vector<std::string>{"68/2020/QH14", "75/2022/TT-BTC"}));
  EXPECT_EQ(p->result, "Thông báo kết quả.");
  EXPECT_FALSE(p->boundary_free.has_value());
}

struct FileStats {
  int lines = 0, malformed = 0;
  std::map<Coverage, int> time, fees, components;
  std::map<std::string, int> units;
};

FileStats ParseFile(const std::string& path, std::vector<Procedure>* out = nullptr) {
  FileStats st;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++st.lines;
    auto p = ParseProcedureLine(line);
    if (!p.ok()) {
      ++st.malformed;
      ADD_FAILURE() << path << " line " << st.lines << ": " << p.status().ToString();
      continue;
    }
    ++st.time[p->parse_report.time];
    ++st.fees[p->parse_report.fees];
    ++st.components[p->parse_report.components];
    ++st.units[std::string(TimeUnitName(p->processing_time.unit))];
    if (out) out->push_back(std::move(p).value());
  }
  return st;
}

void Print(const std::string& name, const FileStats& st) {
  auto cov = [](const std::map<Coverage, int>& m) {
    std::ostringstream o;
    for (Coverage c : {Coverage::kFull, Coverage::kPartial, Coverage::kNone}) {
      auto it = m.find(c);
      o << CoverageName(c) << "=" << (it == m.end() ? 0 : it->second) << " ";
    }
    return o.str();
  };
  std::cout << name << ": " << st.lines << " procedures\n  time: " << cov(st.time)
            << "\n  fees: " << cov(st.fees) << "\n  components: " << cov(st.components)
            << "\n  headline time units:";
  for (const auto& [u, n] : st.units) std::cout << " " << u << "=" << n;
  std::cout << "\n";
}

// The real portal export (read from ../shared/data, not shipped): every line parses; prints how
// much of the flattened text was structured.
TEST(ProcedureTest, ParsesThePortalExport) {
  std::string dir = std::string(MOTCUA_SOURCE_DIR) + "/../shared/data/procedures/";
  if (!std::ifstream(dir + "procedures.jsonl")) GTEST_SKIP() << "no " << dir;
  FileStats all = ParseFile(dir + "procedures.jsonl");
  EXPECT_EQ(all.lines, 2642);
  EXPECT_EQ(all.malformed, 0);
  Print("procedures.jsonl", all);
  FileStats xa = ParseFile(dir + "procedures_cap_xa.jsonl");
  EXPECT_EQ(xa.lines, 588);
  Print("procedures_cap_xa.jsonl", xa);
  EXPECT_GT(all.time[Coverage::kFull], 1300);
  EXPECT_GT(all.fees[Coverage::kFull], 1500);
}

// The curated commune catalogue shipped in data/procedures/.
TEST(ProcedureTest, CommuneCatalogue) {
  std::vector<Procedure> ps;
  FileStats st =
      ParseFile(std::string(MOTCUA_SOURCE_DIR) + "/data/procedures/commune_catalogue.jsonl", &ps);
  EXPECT_GE(st.lines, 100);
  EXPECT_EQ(st.malformed, 0);
  std::set<std::string> codes;
  for (const Procedure& p : ps) {
    EXPECT_TRUE(codes.insert(p.code.ToString()).second) << "duplicate " << p.code.ToString();
    EXPECT_EQ(p.parse_report.time, Coverage::kFull) << p.code.ToString() << " " << p.name;
    EXPECT_EQ(p.parse_report.fees, Coverage::kFull) << p.code.ToString() << " " << p.name;
    EXPECT_TRUE(p.processing_time.structured()) << p.code.ToString();
    EXPECT_FALSE(p.fees.empty()) << p.code.ToString();
    EXPECT_FALSE(p.components.empty()) << p.code.ToString() << " " << p.name;
  }
  Print("commune_catalogue.jsonl", st);
}

}  // namespace
}  // namespace motcua::procedure
